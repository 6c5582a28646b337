import { describe, expect, it } from 'vitest';
import type { CostPart, RunCost } from '../engine/stats/run-cost.js';
import { costLine } from './cost-line.js';

const usage = { inputTokens: 1000, outputTokens: 100, reasoningTokens: 0, cachedInputTokens: 0, calls: 2 };
const part = (model: string, costUsd: number | null, extra: Partial<CostPart> = {}): CostPart => ({ model, simulated: false, count: 2, unknownUsage: 0, usage, price: { input: 1, output: 1 }, costUsd, ...extra });
const run = (models: RunCost['models'], extra: Partial<RunCost> = {}): RunCost => ({ runId: 'r', models, totalUsd: models.reduce((s, m) => s + m.totalUsd, 0), complete: models.every((m) => m.complete), unpriced: [], unknownUsage: [], ...extra });

describe('costLine', () => {
  it('gives the total with the judge share, and names what is outside it', () => {
    expect(costLine(run([{ model: 'a:x', agent: part('a:x', 1.5), judges: [part('j:y', 0.25)], totalUsd: 1.75, complete: true }]))).toBe('Cost: $1.7500 (judge calls $0.2500).');
    const partial = run([{ model: 'a:x', agent: part('a:x', null, { price: null }), judges: [part('j:y', 0.25)], totalUsd: 0.25, complete: false }], { unpriced: ['a:x'] });
    expect(costLine(partial)).toBe('Cost: at least $0.2500 (judge calls $0.2500); not counted: no price known for a:x.');
  });

  it('is absent when every model called was simulated', () => {
    const sim = part('sim:baseline', 0, { simulated: true, price: null });
    expect(costLine(run([{ model: 'sim:baseline', agent: sim, judges: [], totalUsd: 0, complete: true }]))).toBeNull();
  });
});
