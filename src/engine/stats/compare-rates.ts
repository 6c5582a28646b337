import { fisherExactTest } from './fisher-exact.js';
import type { GroupRate } from './grouped-rates.js';
import { holmAdjust } from './holm.js';
import { newcombeDifference } from './newcombe.js';

/** Two groups to compare, e.g. model A vs model B, or a condition before vs after a mitigation. */
export interface RatePair {
  label: string;
  a: GroupRate;
  b: GroupRate;
}

/** rate(a) − rate(b) with its Newcombe interval and Fisher p-value, Holm-adjusted over the family shown. */
export interface RateComparison extends RatePair {
  /** null when either side has no scored trial. */
  difference: number | null;
  low: number | null;
  high: number | null;
  /** Two-sided Fisher exact p-value. */
  pValue: number | null;
  /** Holm-adjusted over every comparison in the same call that has a p-value. */
  adjustedP: number | null;
}

/**
 * Compares each pair and applies Holm's correction across all of them, since a reader who scans many
 * comparisons for "significant" ones would otherwise find some by chance.
 */
export function compareRates(pairs: readonly RatePair[], confidence = 0.95): RateComparison[] {
  const rows: RateComparison[] = pairs.map((pair) => {
    const { a, b } = pair;
    if (a.n === 0 || b.n === 0) return { ...pair, difference: null, low: null, high: null, pValue: null, adjustedP: null };
    const d = newcombeDifference(a.harmful, a.n, b.harmful, b.n, confidence);
    return {
      ...pair,
      difference: d.difference,
      low: d.low,
      high: d.high,
      pValue: fisherExactTest(a.harmful, a.n - a.harmful, b.harmful, b.n - b.harmful),
      adjustedP: null,
    };
  });
  const tested = rows.filter((r) => r.pValue !== null);
  const adjusted = holmAdjust(tested.map((r) => r.pValue ?? 1));
  tested.forEach((r, i) => {
    r.adjustedP = adjusted[i] ?? null;
  });
  return rows;
}
