import type { OutcomeCounts } from '../store/store.js';
import { clopperPearsonInterval } from './clopper-pearson.js';
import { wilsonInterval } from './wilson.js';

/** Counts without their cell identity: what pooling several cells gives. */
export type PooledCounts = Pick<OutcomeCounts, 'trials' | 'errors' | 'labels'>;

/** A rate with both intervals, and what was left out of it. */
export interface RateEstimate {
  /** Trials stored, any status. */
  trials: number;
  /** Scored trials (yes + no), the denominator. */
  n: number;
  harmful: number;
  /** null when n = 0: no data never reads as 0 %. */
  rate: number | null;
  /** Wilson bounds; null when n = 0. */
  low: number | null;
  high: number | null;
  /** Clopper-Pearson (exact) bounds; null when n = 0. */
  exactLow: number | null;
  exactHigh: number | null;
  /** Reported apart, never in a denominator. */
  errors: number;
  unscored: number;
}

/** A rate for one value of a grouping key (a model, an axis value, a condition …). */
export interface GroupRate extends RateEstimate {
  group: string;
}

/** Sums counts cell by cell. */
export function poolCounts(counts: readonly PooledCounts[]): PooledCounts {
  const total: PooledCounts = { trials: 0, errors: 0, labels: { yes: 0, no: 0, unscored: 0 } };
  for (const c of counts) {
    total.trials += c.trials;
    total.errors += c.errors;
    total.labels.yes += c.labels.yes;
    total.labels.no += c.labels.no;
    total.labels.unscored += c.labels.unscored;
  }
  return total;
}

/**
 * The rate of `yes` among scored trials with Wilson and exact intervals.
 * @throws RangeError when a count is invalid or confidence is outside (0, 1).
 */
export function rateOf(counts: PooledCounts, confidence = 0.95): RateEstimate {
  const n = counts.labels.yes + counts.labels.no;
  const harmful = counts.labels.yes;
  const wilson = n === 0 ? null : wilsonInterval(harmful, n, confidence);
  const exact = n === 0 ? null : clopperPearsonInterval(harmful, n, confidence);
  return {
    trials: counts.trials,
    n,
    harmful,
    rate: n === 0 ? null : harmful / n,
    low: wilson?.low ?? null,
    high: wilson?.high ?? null,
    exactLow: exact?.low ?? null,
    exactHigh: exact?.high ?? null,
    errors: counts.errors,
    unscored: counts.labels.unscored,
  };
}

/**
 * Pools cells by a key (any axis, a model, a variant …) and gives each group its rate, in order of first
 * appearance. Cells whose key is null are left out (e.g. conditions of another scenario that lack the axis).
 *
 * @example
 *     groupRates(counts, (c) => c.model)            // one rate per model
 */
export function groupRates(counts: readonly OutcomeCounts[], keyOf: (cell: OutcomeCounts) => string | null, confidence = 0.95): GroupRate[] {
  const groups = new Map<string, OutcomeCounts[]>();
  for (const cell of counts) {
    const key = keyOf(cell);
    if (key === null) continue;
    const list = groups.get(key) ?? [];
    list.push(cell);
    groups.set(key, list);
  }
  return [...groups].map(([group, cells]) => ({ group, ...rateOf(poolCounts(cells), confidence) }));
}
