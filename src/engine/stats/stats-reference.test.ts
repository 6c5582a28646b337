import { describe, it, expect } from 'vitest';
import { betaQuantile, logGamma, regularizedIncompleteBeta } from './beta-distribution.js';
import { clopperPearsonInterval } from './clopper-pearson.js';
import { fisherExactTest } from './fisher-exact.js';
import { holmAdjust } from './holm.js';
import { newcombeDifference } from './newcombe.js';

// Every reference below was computed independently with SciPy 1.17 (scipy.stats.beta.ppf for the exact
// interval, scipy.stats.fisher_exact) and, for Newcombe, the published formula over Wilson bounds from
// scipy.stats.norm.ppf; none with this code.
const CLOPPER_PEARSON: readonly [number, number, number, number, number][] = [
  [0, 30, 0.95, 0, 0.11570330822202778],
  [7, 20, 0.95, 0.1539092047845412, 0.5921885345328282],
  [30, 30, 0.95, 0.8842966917779722, 1],
  [3, 1000, 0.95, 0.0006190999316495715, 0.008742023238478303],
  [1, 1, 0.95, 0.025000000000000022, 1],
  [12, 40, 0.99, 0.13435681668857447, 0.5143083926331449],
  [50, 100, 0.9, 0.41362171463091174, 0.5863782853690882],
  [0, 1, 0.95, 0, 0.975],
];

const FISHER: readonly [number, number, number, number, number][] = [
  [7, 13, 1, 29, 0.004566339153177352],
  [3, 1, 1, 3, 0.48571428571428565],
  [0, 30, 5, 25, 0.052185548617305996],
  [10, 10, 10, 10, 1],
  [12, 5, 2, 18, 0.00020676961722567951],
  [1, 9, 11, 3, 0.0027594561852200836],
];

const NEWCOMBE: readonly [number, number, number, number, number, number][] = [
  [7, 20, 1, 30, 0.10152970808492051, 0.5355373629232919],
  [3, 4, 1, 4, -0.13548840058295153, 0.7890832680847557],
  [0, 30, 5, 30, -0.3356435050641603, -0.01972990351481435],
  [56, 70, 48, 80, 0.052431472402365065, 0.333872654036906],
  [10, 10, 0, 10, 0.6075093504305242, 1],
];

describe('beta distribution', () => {
  it('has ln Γ right at integers and halves', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });
  it('inverts its CDF', () => {
    for (const [a, b] of [[2, 5], [0.5, 0.5], [30, 1], [1, 970]] as const) {
      for (const p of [0.025, 0.5, 0.975]) expect(regularizedIncompleteBeta(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 12);
    }
  });
});

describe('clopperPearsonInterval', () => {
  it.each(CLOPPER_PEARSON)('%i/%i at %s matches SciPy', (x, n, confidence, low, high) => {
    const interval = clopperPearsonInterval(x, n, confidence);
    expect(interval.low).toBeCloseTo(low, 12);
    expect(interval.high).toBeCloseTo(high, 12);
  });
  it('is [0, 1] without data and rejects impossible counts', () => {
    expect(clopperPearsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => clopperPearsonInterval(5, 4)).toThrow(RangeError);
    expect(() => clopperPearsonInterval(1, 4, 1)).toThrow(RangeError);
  });
});

describe('fisherExactTest', () => {
  it.each(FISHER)('[[%i, %i], [%i, %i]] matches SciPy', (a, b, c, d, p) => {
    expect(fisherExactTest(a, b, c, d)).toBeCloseTo(p, 12);
  });
  it('is symmetric in the groups and rejects negative cells', () => {
    expect(fisherExactTest(1, 9, 11, 3)).toBeCloseTo(fisherExactTest(11, 3, 1, 9), 14);
    expect(() => fisherExactTest(-1, 2, 3, 4)).toThrow(RangeError);
  });
});

describe('newcombeDifference', () => {
  it.each(NEWCOMBE)('%i/%i − %i/%i matches the formula over SciPy Wilson bounds', (x1, n1, x2, n2, low, high) => {
    const d = newcombeDifference(x1, n1, x2, n2);
    expect(d.difference).toBeCloseTo(x1 / n1 - x2 / n2, 14);
    expect(d.low).toBeCloseTo(low, 12);
    expect(d.high).toBeCloseTo(high, 12);
  });
  it('refuses a group without scored trials', () => {
    expect(() => newcombeDifference(0, 0, 1, 2)).toThrow(RangeError);
  });
});

describe('holmAdjust', () => {
  it('steps down and keeps input order (worked by hand)', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, then max(0.06, 0.04·1) = 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => { expect(adjusted[i]).toBeCloseTo(p, 15); });
  });
  it('caps at 1 and leaves a single test alone', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.04])).toEqual([0.04]);
    expect(holmAdjust([])).toEqual([]);
    expect(() => holmAdjust([1.2])).toThrow(RangeError);
  });
});
