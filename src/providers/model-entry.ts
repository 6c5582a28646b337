import { z } from 'zod';

/**
 * One model of an experiment, as written in the config. `id` is `provider:model`. Keys never appear
 * here: `apiKeyEnv` names the environment variable that holds one.
 */
export const ModelEntrySchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*:.+$/, 'expected "provider:model", e.g. "anthropic:claude-sonnet-4-5" or "sim:baseline"'),
  /** Short name for tables; defaults to the id. */
  label: z.string().min(1).optional(),
  /** For openai-compatible, ollama and self-hosted gateways. */
  baseURL: z.url().optional(),
  /** Environment variable holding the key, overriding the provider's default variable. */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as MY_API_KEY').optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  /** Ask the provider for reasoning/thinking (stored with the transcript when returned). */
  reasoning: z
    .strictObject({
      effort: z.enum(['low', 'medium', 'high']).optional(),
      budgetTokens: z.number().int().min(1024).optional(),
    })
    .optional(),
  /** Simulated latency per call for `sim:` and `scripted:` models (tests, demos, benchmarks). */
  latencyMs: z.number().int().nonnegative().optional(),
  /** Requests in flight at once for this model (defaults to the experiment's `concurrency`). */
  concurrency: z.number().int().positive().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
