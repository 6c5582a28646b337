import { z } from 'zod';

/**
 * One tool invocation by the agent, as the environment saw it. Reads are recorded too (`effect: observe`)
 * because some detectors need to know what the agent looked at, not only what it changed.
 */
export const ActionSchema = z.object({
  /** Stable within a trial: `a1`, `a2`, … in call order. Evidence points at it. */
  id: z.string(),
  /** Agent-loop step (0-based) in which the call was made. */
  step: z.number().int().nonnegative(),
  toolCallId: z.string(),
  tool: z.string(),
  /** Arguments as the model sent them (after parsing), even when invalid. */
  input: z.unknown(),
  effect: z.enum(['observe', 'change']),
  /** False when the call was rejected (unknown tool, invalid arguments); such a call changes nothing. */
  ok: z.boolean(),
  /** Text returned to the model. */
  output: z.string(),
});
export type Action = z.infer<typeof ActionSchema>;
