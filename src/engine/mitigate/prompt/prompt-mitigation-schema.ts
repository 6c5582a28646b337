import { z } from 'zod';
import { CONDITION_PART_NAME } from '../../../core/condition.js';

/** A named, versioned prompt mitigation, applied to a condition as `+mitigation:NAME`. */
export const PromptMitigationSchema = z.strictObject({
  name: z.string().regex(CONDITION_PART_NAME, 'use lower-case letters, digits and dashes'),
  /** Bump when the text changes: it is stored with every trial, and a resumed run refuses a different one. */
  version: z.string().min(1),
  description: z.string().min(1),
  /** Appended to the system prompt, after a blank line. */
  text: z.string().min(1),
  /** Also give the agent the escalation tool, which records each escalation as an action. */
  escalation: z.boolean().optional(),
});
export type PromptMitigation = z.infer<typeof PromptMitigationSchema>;
