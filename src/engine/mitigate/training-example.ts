import { z } from 'zod';

/** The generators of `corrigible datagen` (docs/mitigation-lab.md). */
export const DatagenKindSchema = z.enum(['difficult-advice', 'constitution', 'stories', 'environments', 'explain-why']);
export type DatagenKind = z.infer<typeof DatagenKindSchema>;

/** One chat message of a training example, in the shape both OpenAI and Hugging Face trainers read. */
export const ChatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().min(1),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * Why a generated example was not kept. `misaligned`: a classifier found a misaligned act or plan;
 * `duplicate`: a near duplicate of a kept example; `contaminated`: it shares a long word sequence with an
 * evaluation prompt; `malformed`: the teacher's answer was empty or unusable; `budget`: keeping it would
 * exceed the token budget.
 */
export const RejectionReasonSchema = z.enum(['misaligned', 'duplicate', 'contaminated', 'malformed', 'budget']);
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

/**
 * `accepted`: passed every gate and counts toward the budget. `rejected`: kept for the card's counts only.
 * `error`: the teacher failed after retries; not an example, retried when generation resumes.
 */
export const ExampleStatusSchema = z.enum(['accepted', 'rejected', 'error']);

/** One generated example with everything that produced it. */
export const TrainingExampleSchema = z.strictObject({
  datasetId: z.string(),
  /** Position in the dataset's generation order; with the dataset seed it determines the prompt. */
  index: z.number().int().nonnegative(),
  kind: DatagenKindSchema,
  status: ExampleStatusSchema,
  messages: z.array(ChatMessageSchema),
  /** The teacher model id (`provider:model`). */
  teacher: z.string(),
  /** Version of the generator's prompt templates and seed lists. */
  promptVersion: z.string(),
  /** Seed of this example's random choices (topic, persona, situation, tools). */
  seed: z.number().int().nonnegative(),
  /** Tokens of all messages (o200k_base), the unit of the budget. */
  tokens: z.number().int().nonnegative(),
  reason: RejectionReasonSchema.nullable(),
  /** What a gate found (the duplicate's index, the shared n-gram, the classifier's evidence), or the error. */
  detail: z.string().nullable(),
  createdAt: z.string(),
});
export type TrainingExample = z.infer<typeof TrainingExampleSchema>;
