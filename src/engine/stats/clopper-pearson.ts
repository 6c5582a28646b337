import { betaQuantile } from './beta-distribution.js';
import type { Interval } from './wilson.js';
import { wilsonInterval } from './wilson.js';

/**
 * The exact (Clopper-Pearson) interval for `successes` out of `n`: the set of rates not rejected by a
 * two-sided binomial test at 1 − confidence. It never undercovers, at the price of being wider than
 * Wilson; reports show both so that a reader who needs a guarantee has one. n = 0 gives [0, 1].
 * @throws RangeError unless successes and n are integers with 0 ≤ successes ≤ n and 0 < confidence < 1.
 */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  // Same argument checks as Wilson (it throws on the same inputs).
  wilsonInterval(successes, n, confidence);
  if (n === 0) return { low: 0, high: 1 };
  const alpha = 1 - confidence;
  return {
    low: successes === 0 ? 0 : betaQuantile(alpha / 2, successes, n - successes + 1),
    high: successes === n ? 1 : betaQuantile(1 - alpha / 2, successes + 1, n - successes),
  };
}
