import { z } from 'zod';

/** US dollars per million tokens. `cachedInput` is what a prompt-cache read costs (defaults to `input`). */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof PriceSchema>;

/**
 * List prices (USD per million tokens) as published by the providers in late 2025, matched by model-name
 * prefix, longest first. Prices change: a model entry's `price` in the config overrides this table, and a
 * model missing here has no cost (shown as unknown, never as free).
 */
const LIST_PRICES: readonly [prefix: string, price: Price][] = [
  ['claude-opus-4', { input: 15, output: 75, cachedInput: 1.5 }],
  ['claude-sonnet-4', { input: 3, output: 15, cachedInput: 0.3 }],
  ['claude-3-7-sonnet', { input: 3, output: 15, cachedInput: 0.3 }],
  ['claude-haiku-4', { input: 1, output: 5, cachedInput: 0.1 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4, cachedInput: 0.08 }],
  ['gpt-5-mini', { input: 0.25, output: 2, cachedInput: 0.025 }],
  ['gpt-5-nano', { input: 0.05, output: 0.4, cachedInput: 0.005 }],
  ['gpt-5', { input: 1.25, output: 10, cachedInput: 0.125 }],
  ['gpt-4.1-mini', { input: 0.4, output: 1.6, cachedInput: 0.1 }],
  ['gpt-4.1-nano', { input: 0.1, output: 0.4, cachedInput: 0.025 }],
  ['gpt-4.1', { input: 2, output: 8, cachedInput: 0.5 }],
  ['gpt-4o-mini', { input: 0.15, output: 0.6, cachedInput: 0.075 }],
  ['gpt-4o', { input: 2.5, output: 10, cachedInput: 1.25 }],
  ['o4-mini', { input: 1.1, output: 4.4, cachedInput: 0.275 }],
  ['o3-mini', { input: 1.1, output: 4.4, cachedInput: 0.55 }],
  ['o3', { input: 2, output: 8, cachedInput: 0.5 }],
  ['gemini-2.5-pro', { input: 1.25, output: 10, cachedInput: 0.31 }],
  ['gemini-2.5-flash-lite', { input: 0.1, output: 0.4, cachedInput: 0.025 }],
  ['gemini-2.5-flash', { input: 0.3, output: 2.5, cachedInput: 0.075 }],
];

const SORTED = [...LIST_PRICES].sort((a, b) => b[0].length - a[0].length);

/**
 * The price of a model: the config's override, else the list price of the longest matching prefix of
 * the model name (after `provider:` and any `vendor/` prefix, as OpenRouter spells ids), else undefined.
 */
export function priceFor(modelId: string, override?: Price): Price | undefined {
  if (override) return override;
  const name = modelId.slice(modelId.indexOf(':') + 1).split('/').pop() ?? '';
  return SORTED.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** Token counts a cost is computed from (reasoning tokens are billed as output and already in it). */
export interface BilledUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

/** Cost in USD. Cached input tokens are part of `inputTokens` and billed at the cache-read price. */
export function costOf(usage: BilledUsage, price: Price): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000;
}
