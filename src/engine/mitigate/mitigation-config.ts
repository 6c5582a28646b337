import { z } from 'zod';
import { CONDITION_PART_NAME } from '../../core/condition.js';
import { ModelEntrySchema } from '../../providers/model-entry.js';

const MitigationName = z.string().regex(CONDITION_PART_NAME, 'a mitigation name: lower-case letters, digits and dashes, e.g. "safety-rules"');

/**
 * The `mitigation` block of an experiment: arms run on the same conditions and seeds as the baseline and
 * compared with it (docs/mitigation-lab.md).
 */
export const MitigationSettingsSchema = z
  .strictObject({
    /**
     * Prompt arms. Each entry is one arm: a mitigation name, or a list of names applied together. Every
     * model runs every selected condition once plain (the baseline) and once per arm.
     */
    prompts: z.array(z.union([MitigationName, z.array(MitigationName).min(1)])).default([]),
    /** Files defining your own prompt mitigations (YAML: name, version, description, text, escalation). */
    files: z.array(z.string().min(1)).default([]),
    /** Model arms: a mitigated model (e.g. a fine-tune) compared with its base model from `models`. */
    models: z
      .array(
        z.strictObject({
          /** The id of a model listed in `models`. */
          base: z.string().min(1),
          model: z.preprocess((value) => (typeof value === 'string' ? { id: value } : value), ModelEntrySchema),
        }),
      )
      .default([]),
    /** Confidence of the difference intervals. */
    confidence: z.number().gt(0).lt(1).default(0.95),
  })
  .refine((m) => m.prompts.length + m.models.length > 0, { message: 'list at least one arm in prompts or models', path: ['prompts'] });
export type MitigationSettings = z.infer<typeof MitigationSettingsSchema>;
