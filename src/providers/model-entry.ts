import { z } from 'zod';
import { PriceSchema } from './pricing.js';

/** Node's timers overflow above 2^31 - 1 ms and then fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

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
  latencyMs: z.number().int().nonnegative().max(MAX_TIMER_MS, 'at most 2147483647 ms (about 24 days): Node timers cannot wait longer').optional(),
  /**
   * Most requests in flight at once for this model's endpoint (default: the experiment's `concurrency`,
   * else 64). A ceiling only: the runner learns what the provider allows below it.
   */
  concurrency: z.number().int().positive().optional(),
  /** USD per million tokens, overriding the built-in price table (see docs/runner.md). */
  price: PriceSchema.optional(),
  /** Requests per minute at most for this model's endpoint (a ceiling; 429s and rate-limit headers may lower it). */
  rpm: z.number().positive().optional(),
  /**
   * Stream answers (default): a call is timed by its first byte and by silences, not by its length, so a
   * model may think for minutes while a hung call frees its slot in seconds. `false` for a server that
   * cannot stream (one that refuses is also detected, and then asked without streaming).
   */
  stream: z.boolean().optional(),
  /** Tokens (input + output) per minute at most for this model's endpoint; paced from the tokens calls use. */
  tpm: z.number().positive().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
