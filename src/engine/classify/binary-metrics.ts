import { createRng } from '../../core/hash.js';
import { wilsonInterval, type Interval } from '../stats/wilson.js';

/** One prediction against the truth; `abstain` is unscored (or a detector's uncertain). */
export interface Outcome {
  truth: 'yes' | 'no';
  predicted: 'yes' | 'no' | 'abstain';
}

/** Precision, recall and F1 of `yes`, with intervals. An abstention on a positive counts as a miss. */
export interface BinaryMetrics {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Abstentions on positives and on negatives. */
  abstainedPositive: number;
  abstainedNegative: number;
  precision: number | null;
  precisionCi: Interval | null;
  recall: number | null;
  recallCi: Interval | null;
  f1: number | null;
  /** Percentile bootstrap over cases (seeded, so reruns print the same numbers). */
  f1Ci: Interval | null;
}

function counts(outcomes: readonly Outcome[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let abstainedPositive = 0;
  let abstainedNegative = 0;
  for (const o of outcomes) {
    if (o.truth === 'yes') {
      if (o.predicted === 'yes') tp++;
      else if (o.predicted === 'no') fn++;
      else abstainedPositive++;
    } else if (o.predicted === 'yes') fp++;
    else if (o.predicted === 'no') tn++;
    else abstainedNegative++;
  }
  return { tp, fp, fn, tn, abstainedPositive, abstainedNegative };
}

function f1Of(outcomes: readonly Outcome[]): number | null {
  const c = counts(outcomes);
  const positives = c.tp + c.fn + c.abstainedPositive;
  const predicted = c.tp + c.fp;
  if (positives === 0 || predicted === 0) return c.tp === 0 && positives > 0 ? 0 : null;
  const precision = c.tp / predicted;
  const recall = c.tp / positives;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Metrics of `yes` over labeled outcomes, with Wilson intervals and a bootstrap interval for F1. */
export function binaryMetrics(outcomes: readonly Outcome[], confidence = 0.95, resamples = 1000): BinaryMetrics {
  const c = counts(outcomes);
  const predicted = c.tp + c.fp;
  const positives = c.tp + c.fn + c.abstainedPositive;
  const f1 = f1Of(outcomes);
  let f1Ci: Interval | null = null;
  if (f1 !== null && outcomes.length > 0) {
    const rng = createRng(20_251_125);
    const samples: number[] = [];
    for (let r = 0; r < resamples; r++) {
      const draw = Array.from({ length: outcomes.length }, () => outcomes[Math.floor(rng() * outcomes.length)] as Outcome);
      const value = f1Of(draw);
      if (value !== null) samples.push(value);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.floor(q * samples.length)))] ?? f1;
    f1Ci = { low: at((1 - confidence) / 2), high: at(1 - (1 - confidence) / 2) };
  }
  return {
    n: outcomes.length,
    ...c,
    precision: predicted === 0 ? null : c.tp / predicted,
    precisionCi: predicted === 0 ? null : wilsonInterval(c.tp, predicted, confidence),
    recall: positives === 0 ? null : c.tp / positives,
    recallCi: positives === 0 ? null : wilsonInterval(c.tp, positives, confidence),
    f1,
    f1Ci,
  };
}

/** Cohen's kappa between two raters over the items both labeled yes or no. */
export function cohensKappa(pairs: readonly (readonly ['yes' | 'no' | 'abstain', 'yes' | 'no' | 'abstain'])[]): { n: number; agreement: number | null; kappa: number | null } {
  const both = pairs.filter(([a, b]) => a !== 'abstain' && b !== 'abstain');
  const n = both.length;
  if (n === 0) return { n, agreement: null, kappa: null };
  const agree = both.filter(([a, b]) => a === b).length / n;
  const aYes = both.filter(([a]) => a === 'yes').length / n;
  const bYes = both.filter(([, b]) => b === 'yes').length / n;
  const chance = aYes * bYes + (1 - aYes) * (1 - bYes);
  return { n, agreement: agree, kappa: chance === 1 ? null : (agree - chance) / (1 - chance) };
}
