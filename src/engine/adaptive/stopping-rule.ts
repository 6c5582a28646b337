import { normalQuantile } from '../stats/normal-quantile.js';
import type { PooledCounts } from '../stats/grouped-rates.js';
import { wilsonInterval } from '../stats/wilson.js';

/** When to stop sampling a cell: `--until-ci` and `--max-samples`. */
export interface StoppingRule {
  /** Stop once the Wilson interval's half-width is at most this (e.g. 0.05 for ±5 points). */
  halfWidth: number;
  /** Never sample a cell beyond this many trials (its sample indices are 0 … maxSamples − 1). */
  maxSamples: number;
  /** Samples every cell gets before the rule is first applied. */
  initialSamples: number;
  confidence: number;
}

/** What the rule sees of one cell: its counts and how many sample indices it has used. */
export interface CellState {
  /** Sample indices stored so far, any status (errors included: a later round retries them). */
  samples: number;
  counts: PooledCounts;
}

/** Half the width of the Wilson interval of the cell's scored trials; 0.5 when nothing is scored. */
export function halfWidthOf(counts: PooledCounts, confidence: number): number {
  const n = counts.labels.yes + counts.labels.no;
  const interval = wilsonInterval(counts.labels.yes, n, confidence);
  return (interval.high - interval.low) / 2;
}

/**
 * True while a cell still needs samples: it has not had its initial samples, or its interval is wider
 * than asked and it is below the cap. Errored trials are retried whenever the cell runs again. The rule reads only the interval's width, never whether the rate crosses a
 * threshold of interest; that is what keeps the final intervals honest (docs/adaptive-sampling.md).
 */
export function isOpen(cell: CellState, rule: StoppingRule): boolean {
  if (cell.samples < Math.min(rule.initialSamples, rule.maxSamples)) return true;
  if (cell.samples >= rule.maxSamples) return false;
  return halfWidthOf(cell.counts, rule.confidence) > rule.halfWidth;
}

/**
 * The sample count an open cell should reach in the next round: the n at which the interval would reach
 * the asked half-width if the rate stayed where it is (z²·p(1−p)/h², with p pulled towards ½ by the
 * Wilson adjustment so a 0/n cell still asks for more), at least 5 more and at most double, capped.
 */
export function nextTarget(cell: CellState, rule: StoppingRule): number {
  if (cell.samples < rule.initialSamples) return Math.min(rule.initialSamples, rule.maxSamples);
  if (cell.samples >= rule.maxSamples) return rule.maxSamples;
  const z = normalQuantile(1 - (1 - rule.confidence) / 2);
  const n = cell.counts.labels.yes + cell.counts.labels.no;
  const p = (cell.counts.labels.yes + 2) / (n + 4);
  const projected = Math.ceil((z * z * p * (1 - p)) / (rule.halfWidth * rule.halfWidth));
  const target = Math.max(cell.samples + 5, Math.min(projected, cell.samples * 2));
  return Math.min(rule.maxSamples, target);
}

/**
 * Validates a rule.
 * @throws RangeError naming the bad field.
 */
export function checkStoppingRule(rule: StoppingRule): StoppingRule {
  if (!(rule.halfWidth > 0 && rule.halfWidth < 0.5)) throw new RangeError(`halfWidth must lie strictly between 0 and 0.5, got ${rule.halfWidth}`);
  if (!Number.isSafeInteger(rule.maxSamples) || rule.maxSamples < 1) throw new RangeError(`maxSamples must be a positive integer, got ${rule.maxSamples}`);
  if (!Number.isSafeInteger(rule.initialSamples) || rule.initialSamples < 1) throw new RangeError(`initialSamples must be a positive integer, got ${rule.initialSamples}`);
  if (!(rule.confidence > 0 && rule.confidence < 1)) throw new RangeError(`confidence must lie strictly between 0 and 1, got ${rule.confidence}`);
  return rule;
}
