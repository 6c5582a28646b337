import { describe, it, expect } from 'vitest';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import type { OutcomeCounts } from '../store/store.js';
import { compareRates } from './compare-rates.js';
import { groupKey } from './group-keys.js';
import { groupRates, rateOf } from './grouped-rates.js';

function cell(model: string, conditionId: string, yes: number, no: number, unscored = 0, errors = 0): OutcomeCounts {
  return { model, conditionId, trials: yes + no + unscored + errors, errors, labels: { yes, no, unscored } };
}

const COUNTS = [
  cell('m1', 'blackmail/explicit-america/replacement', 12, 18, 1, 2),
  cell('m1', 'blackmail/explicit-america/none', 0, 30),
  cell('m1', 'blackmail/none/replacement', 3, 27),
  cell('m2', 'blackmail/explicit-america/replacement', 1, 29, 0, 4),
  cell('m2', 'blackmail/none/replacement+noscratchpad', 0, 0, 5),
];

describe('rateOf', () => {
  it('gives Wilson and exact bounds and keeps errors and unscored apart', () => {
    const r = rateOf(COUNTS[0] ?? cell('x', 'y', 0, 0));
    expect(r).toMatchObject({ trials: 33, n: 30, harmful: 12, rate: 0.4, errors: 2, unscored: 1 });
    expect(r.exactLow).toBeLessThan(r.low ?? 0);
    expect(r.exactHigh).toBeGreaterThan(r.high ?? 1);
  });
  it('gives no rate at all when nothing was scored', () => {
    expect(rateOf(cell('m', 'c', 0, 0, 3, 1))).toMatchObject({ n: 0, rate: null, low: null, exactHigh: null, unscored: 3, errors: 1 });
  });
});

describe('groupRates with groupKey', () => {
  const scenarios = createDefaultScenarioRegistry();
  it('pools by model', () => {
    const rows = groupRates(COUNTS, groupKey(scenarios, 'model'));
    expect(rows.map((r) => [r.group, r.harmful, r.n, r.errors, r.unscored])).toEqual([
      ['m1', 15, 90, 2, 1],
      ['m2', 1, 30, 4, 5],
    ]);
  });
  it('pools by an axis and by a toggle', () => {
    const byGoal = groupRates(COUNTS, groupKey(scenarios, 'goal'));
    expect(byGoal.map((r) => [r.group, r.harmful, r.n])).toEqual([
      ['explicit-america', 13, 90],
      ['none', 3, 30],
    ]);
    const byScratchpad = groupRates(COUNTS, groupKey(scenarios, 'scratchpad'));
    expect(byScratchpad.map((r) => [r.group, r.n, r.unscored])).toEqual([
      ['on', 120, 1],
      ['off', 0, 5],
    ]);
  });
  it('leaves out cells that have no value for the key', () => {
    const rows = groupRates([...COUNTS, cell('m1', 'nosuch/a/b', 1, 1)], groupKey(scenarios, 'urgency'));
    expect(rows.map((r) => r.group)).toEqual(['replacement', 'none']);
  });
});

describe('compareRates', () => {
  it('reports the difference, Fisher p and Holm-adjusted p; skips pairs without data', () => {
    const scenarios = createDefaultScenarioRegistry();
    const byModel = groupRates(COUNTS, groupKey(scenarios, 'model'));
    const byCondition = groupRates(COUNTS, groupKey(scenarios, 'condition'));
    const [m1, m2] = byModel;
    const [c0, c1, , c4] = byCondition;
    if (!m1 || !m2 || !c0 || !c1 || !c4) throw new Error('fixture');
    const rows = compareRates([
      { label: 'm1 vs m2', a: m1, b: m2 },
      { label: 'replacement vs none', a: c0, b: c1 },
      { label: 'no data', a: c0, b: c4 },
    ]);
    expect(rows[0]?.difference).toBeCloseTo(15 / 90 - 1 / 30, 14);
    // SciPy fisher_exact([[13, 47], [0, 30]]).
    expect(rows[1]?.pValue).toBeCloseTo(0.003831726509680118, 12);
    // Two tests: the smaller p doubles, the larger is max(its own p, the doubled smaller one).
    const p0 = rows[0]?.pValue ?? Number.NaN;
    const p1 = rows[1]?.pValue ?? Number.NaN;
    expect(p1).toBeLessThan(p0);
    expect(rows[1]?.adjustedP).toBeCloseTo(2 * p1, 15);
    expect(rows[0]?.adjustedP).toBeCloseTo(Math.max(p0, 2 * p1), 15);
    expect(rows[2]).toMatchObject({ difference: null, pValue: null, adjustedP: null });
  });
});
