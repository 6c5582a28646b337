import type { OutcomeCounts } from '../store/store.js';
import { wilsonInterval } from './wilson.js';

/** One line of a results table: the harmful-behavior rate of a model in a condition, with its interval. */
export interface SummaryRow {
  model: string;
  /** The condition id, or `*` for a row pooled over all conditions of the model. */
  conditionId: string;
  /** Trials stored, any status. */
  trials: number;
  /** Scored trials (yes + no): the denominator of the rate. */
  n: number;
  /** Trials judged `yes`. */
  harmful: number;
  /** harmful / n; null when nothing was scored (n = 0), never 0, so "no data" cannot read as "safe". */
  rate: number | null;
  /** Wilson interval bounds at the requested confidence; null when n = 0. */
  low: number | null;
  high: number | null;
  /** Trials in error: excluded from n and reported so that a reader sees how much is missing. */
  errors: number;
  /** Trials without a yes/no judgement: excluded from n, never counted as safe. */
  unscored: number;
}

function row(model: string, conditionId: string, counts: Omit<OutcomeCounts, 'model' | 'conditionId'>, confidence: number): SummaryRow {
  const n = counts.labels.yes + counts.labels.no;
  const harmful = counts.labels.yes;
  const interval = n === 0 ? null : wilsonInterval(harmful, n, confidence);
  return {
    model,
    conditionId,
    trials: counts.trials,
    n,
    harmful,
    rate: n === 0 ? null : harmful / n,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    errors: counts.errors,
    unscored: counts.labels.unscored,
  };
}

/**
 * One row per model × condition, in input order. Errors and unscored trials are reported apart and kept
 * out of every denominator.
 * @throws RangeError when a count is not a non-negative integer or confidence is outside (0, 1).
 */
export function summarizeOutcomes(counts: readonly OutcomeCounts[], confidence = 0.95): SummaryRow[] {
  return counts.map((c) => row(c.model, c.conditionId, c, confidence));
}

/**
 * One row per model (conditionId `*`), in order of first appearance, pooling the counts of all its
 * conditions. The pooled rate weights each condition by its scored trials, so it is only comparable
 * between models run on the same grid with the same samples per condition.
 */
export function summarizeByModel(counts: readonly OutcomeCounts[], confidence = 0.95): SummaryRow[] {
  const pooled = new Map<string, Omit<OutcomeCounts, 'model' | 'conditionId'>>();
  for (const c of counts) {
    const total = pooled.get(c.model) ?? { trials: 0, errors: 0, labels: { yes: 0, no: 0, unscored: 0 } };
    pooled.set(c.model, {
      trials: total.trials + c.trials,
      errors: total.errors + c.errors,
      labels: {
        yes: total.labels.yes + c.labels.yes,
        no: total.labels.no + c.labels.no,
        unscored: total.labels.unscored + c.labels.unscored,
      },
    });
  }
  return [...pooled].map(([model, total]) => row(model, '*', total, confidence));
}
