import { describe, expect, it } from 'vitest';
import { costOf, priceFor } from './pricing.js';

describe('pricing', () => {
  it('matches the longest model-name prefix, after the provider and any vendor prefix', () => {
    expect(priceFor('openai:gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(priceFor('openai:gpt-4o-2024-08-06')?.input).toBe(2.5);
    expect(priceFor('openrouter:anthropic/claude-sonnet-4.5')?.output).toBe(15);
    expect(priceFor('ollama:llama3')).toBeUndefined();
    expect(priceFor('ollama:llama3', { input: 0, output: 0 })).toEqual({ input: 0, output: 0 });
  });

  it('bills cached input at the cache-read price and the rest at list price', () => {
    const price = { input: 3, output: 15, cachedInput: 0.3 };
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0 }, price)).toBe(3);
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 800_000 }, price)).toBeCloseTo(0.6 + 0.24 + 1.5, 10);
    expect(costOf({ inputTokens: 10, outputTokens: 0, cachedInputTokens: 10 }, { input: 1, output: 1 })).toBeCloseTo(10 / 1e6, 12);
  });
});
