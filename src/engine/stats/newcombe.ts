import type { Interval } from './wilson.js';
import { wilsonInterval } from './wilson.js';

/** A difference of two rates with its interval, each bound in [−1, 1]. */
export interface DifferenceInterval {
  difference: number;
  low: number;
  high: number;
}

/**
 * The difference of two proportions x1/n1 − x2/n2 with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998), built from the two Wilson intervals. Unlike the Wald interval it behaves at 0 % and
 * 100 % and at small n, which is where misalignment rates live.
 * @throws RangeError when either n is 0 (there is no rate to compare) or a count is invalid.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): DifferenceInterval {
  if (n1 === 0 || n2 === 0) throw new RangeError('newcombeDifference: both groups need at least one scored trial');
  const a: Interval = wilsonInterval(x1, n1, confidence);
  const b: Interval = wilsonInterval(x2, n2, confidence);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  return {
    difference,
    low: Math.max(-1, difference - Math.hypot(p1 - a.low, b.high - p2)),
    high: Math.min(1, difference + Math.hypot(a.high - p1, p2 - b.low)),
  };
}
