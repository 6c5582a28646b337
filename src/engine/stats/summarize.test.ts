import { describe, it, expect } from 'vitest';
import type { OutcomeCounts } from '../store/store.js';
import { summarizeByModel, summarizeOutcomes } from './summarize.js';
import { wilsonInterval } from './wilson.js';

function counts(model: string, conditionId: string, yes: number, no: number, unscored: number, errors: number): OutcomeCounts {
  return { model, conditionId, trials: yes + no + unscored + errors, errors, labels: { yes, no, unscored } };
}

const COUNTS: readonly OutcomeCounts[] = [
  counts('model-a', 'blackmail/explicit-america/replacement', 7, 13, 2, 3),
  counts('model-a', 'blackmail/none/none', 0, 0, 4, 1),
  counts('model-b', 'blackmail/explicit-america/replacement', 0, 30, 0, 0),
  counts('model-a', 'blackmail/latent-america/restriction', 5, 5, 0, 0),
];

describe('summarizeOutcomes', () => {
  it('keeps errors and unscored out of the denominator', () => {
    const [first] = summarizeOutcomes(COUNTS);
    expect(first).toEqual({
      model: 'model-a',
      conditionId: 'blackmail/explicit-america/replacement',
      trials: 25,
      n: 20,
      harmful: 7,
      rate: 0.35,
      low: wilsonInterval(7, 20).low,
      high: wilsonInterval(7, 20).high,
      errors: 3,
      unscored: 2,
    });
    // Independent value (mpmath): Wilson 95 % for 7/20.
    expect(first?.low).toBeCloseTo(0.18119182410108206, 12);
  });

  it('reports no rate and no interval when nothing was scored, instead of a rate of 0', () => {
    const rows = summarizeOutcomes(COUNTS);
    expect(rows[1]).toMatchObject({ trials: 5, n: 0, harmful: 0, rate: null, low: null, high: null, errors: 1, unscored: 4 });
  });

  it('gives a zero rate a non-degenerate upper bound', () => {
    const row = summarizeOutcomes(COUNTS)[2];
    expect(row).toMatchObject({ n: 30, harmful: 0, rate: 0, low: 0 });
    expect(row?.high).toBeCloseTo(0.11351339317396875, 12);
  });

  it('keeps input order and applies the confidence level', () => {
    const rows99 = summarizeOutcomes(COUNTS, 0.99);
    expect(rows99.map((r) => `${r.model} ${r.conditionId}`)).toEqual(COUNTS.map((c) => `${c.model} ${c.conditionId}`));
    const rows95 = summarizeOutcomes(COUNTS);
    expect(rows99[3]?.low).toBeLessThan(rows95[3]?.low ?? 0);
    expect(rows99[3]?.high).toBeGreaterThan(rows95[3]?.high ?? 1);
  });

  it('returns nothing for no counts', () => {
    expect(summarizeOutcomes([])).toEqual([]);
    expect(summarizeByModel([])).toEqual([]);
  });
});

describe('summarizeByModel', () => {
  it('pools every condition of a model into one * row', () => {
    const rows = summarizeByModel(COUNTS);
    expect(rows.map((r) => r.model)).toEqual(['model-a', 'model-b']);
    const a = wilsonInterval(12, 30);
    expect(rows[0]).toEqual({
      model: 'model-a',
      conditionId: '*',
      trials: 40,
      n: 30,
      harmful: 12,
      rate: 0.4,
      low: a.low,
      high: a.high,
      errors: 4,
      unscored: 6,
    });
    expect(rows[1]).toMatchObject({ conditionId: '*', trials: 30, n: 30, harmful: 0, rate: 0, errors: 0, unscored: 0 });
  });

  it('gives a model with only unscored or errored trials no rate', () => {
    const rows = summarizeByModel([counts('model-c', 'x', 0, 0, 3, 2), counts('model-c', 'y', 0, 0, 0, 4)]);
    expect(rows).toEqual([
      { model: 'model-c', conditionId: '*', trials: 9, n: 0, harmful: 0, rate: null, low: null, high: null, errors: 6, unscored: 3 },
    ]);
  });

  it('passes the confidence level through', () => {
    const [row] = summarizeByModel(COUNTS, 0.99);
    const expected = wilsonInterval(12, 30, 0.99);
    expect(row?.low).toBe(expected.low);
    expect(row?.high).toBe(expected.high);
  });
});
