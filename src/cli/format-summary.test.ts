import { describe, expect, it } from 'vitest';
import type { CostPart, RunCost } from '../engine/stats/run-cost.js';
import type { RunSummary } from '../engine/stats/summarize-run.js';
import { formatJudgeCost, formatRunCost, formatSummary } from './format-summary.js';

// A spread needs rates, so the fixture has scored trials (a behavior with none prints one line instead).
const pooled = { model: 'm', conditionId: '*', trials: 30, n: 30, harmful: 7, rate: 7 / 30, low: 0.1, high: 0.4, errors: 0, unscored: 0 };
const summary = (variantSpread: RunSummary['behaviors'][number]['variantSpread']): RunSummary => ({
  runId: 'r',
  confidence: 0.95,
  behaviors: [{ behavior: 'leak', mode: 'acted', classifier: { id: 'leaking-action', version: '1', judgeModel: null }, rows: [], byModel: [pooled], variantSpread }],
  simulatedModels: [],
  provenance: { scenarios: [], classifiers: [], corrigibleVersions: [] },
});

describe('formatSummary', () => {
  it('prints the spread across prompt variants only when a cell ran in several wordings', () => {
    const text = formatSummary(summary([{ model: 'm', cellId: 'leaking/none/none', conditions: 3, minRate: 0.1, maxRate: 0.4, spread: 0.3 }]));
    expect(text).toContain('spread of the rate across prompt variants');
    expect(text).toMatch(/m\s+leaking\/none\/none\s+3\s+10\.0%\s+40\.0%\s+30\.0%/);
    expect(formatSummary(summary([]))).not.toContain('spread');
    expect(formatSummary(summary([]))).toContain('classifier leaking-action v1');
  });
});

const tokens = (inputTokens: number, outputTokens: number, calls: number) => ({ inputTokens, outputTokens, reasoningTokens: 0, cachedInputTokens: 0, calls });
const part = (model: string, costUsd: number | null, extra: Partial<CostPart> = {}): CostPart => ({
  model,
  simulated: false,
  count: 10,
  unknownUsage: 0,
  usage: tokens(120_000, 3_000, 40),
  price: { input: 1, output: 2 },
  costUsd,
  ...extra,
});

describe('formatRunCost', () => {
  it('prints agent and judge calls per model with their total, and names what is unpriced or unknown', () => {
    const cost: RunCost = {
      runId: 'r',
      models: [
        { model: 'openai:gpt-4o', agent: part('openai:gpt-4o', 0.126), judges: [part('anthropic:claude-haiku-4-5', 0.01, { count: 4, usage: tokens(9_000, 500, 4) })], totalUsd: 0.136, complete: true },
        { model: 'ollama:llama3', agent: part('ollama:llama3', null, { price: null }), judges: [part('anthropic:claude-haiku-4-5', null, { count: 3, unknownUsage: 1 })], totalUsd: 0, complete: false },
      ],
      totalUsd: 0.136,
      complete: false,
      unpriced: ['ollama:llama3'],
      unknownUsage: ['judge anthropic:claude-haiku-4-5 on ollama:llama3: 1 verdict(s) stored before judge usage was kept'],
    };
    const text = formatRunCost(cost);
    expect(text).toContain('cost of run "r"');
    expect(text).toMatch(/openai:gpt-4o\s+agent\s+10\s+40\s+120,000\s+0\s+3,000\s+0\s+\$0\.1260/);
    expect(text).toMatch(/openai:gpt-4o\s+judge anthropic:claude-haiku-4-5\s+4\s+4\s+9,000\s+0\s+500\s+0\s+\$0\.0100/);
    expect(text).toMatch(/openai:gpt-4o\s+total\s+\$0\.1360/);
    expect(text).toMatch(/ollama:llama3\s+agent\s+10\s.*unpriced/);
    expect(text).toMatch(/ollama:llama3\s+judge anthropic:claude-haiku-4-5\s+3 \(1 unknown\)\s.*unknown/);
    expect(text).toMatch(/ollama:llama3\s+total\s+at least \$0\.0000/);
    expect(text).toContain('total: at least $0.1360');
    expect(text).toContain('no price known for ollama:llama3: not in the total and not free');
    expect(text).toContain('usage not stored (not in the total): judge anthropic:claude-haiku-4-5 on ollama:llama3: 1 verdict(s)');
  });

  it('says nothing when every model called was simulated', () => {
    const sim = part('sim:baseline', 0, { simulated: true, price: null });
    expect(formatRunCost({ runId: 'r', models: [{ model: 'sim:baseline', agent: sim, judges: [{ ...sim, model: 'scripted:j.yaml' }], totalUsd: 0, complete: true }], totalUsd: 0, complete: true, unpriced: [], unknownUsage: [] })).toBe('');
  });
});

describe('formatJudgeCost', () => {
  it('prints the judge calls of a classify pass and their cost, or that the judge has no price', () => {
    expect(formatJudgeCost({ id: 'openai:gpt-4o-mini', simulated: false }, { judgeUsage: tokens(12_345, 678, 9), judgeCostUsd: 0.0022587 })).toBe('  judge calls: 9 (12,345 input, 678 output tokens) · cost $0.0023');
    expect(formatJudgeCost({ id: 'ollama:j', simulated: false }, { judgeUsage: tokens(1, 1, 1), judgeCostUsd: null })).toContain('cost unknown: no price known for ollama:j (not counted as free');
    expect(formatJudgeCost({ id: 'scripted:j.yaml', simulated: true }, { judgeUsage: tokens(1, 1, 1), judgeCostUsd: 0 })).toContain('cost none (simulated judge)');
  });
});
