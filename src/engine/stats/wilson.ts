import { normalQuantile } from './normal-quantile.js';

/** A two-sided confidence interval for a proportion, both ends in [0, 1]. */
export interface Interval {
  low: number;
  high: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`wilsonInterval: ${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * The Wilson score interval for `successes` out of `n` trials at the given two-sided confidence.
 * Chosen over the Wald interval because it stays inside [0, 1] and keeps near-nominal coverage at
 * the small n and the rates near 0 that misalignment experiments produce (0/30 gives [0, 0.114], not [0, 0]).
 * With n = 0 there is no information, so the interval is the whole of [0, 1].
 * @throws RangeError unless successes and n are integers with 0 ≤ successes ≤ n and 0 < confidence < 1.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  assertCount('successes', successes);
  assertCount('n', n);
  if (successes > n) throw new RangeError(`wilsonInterval: successes (${successes}) exceeds n (${n})`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval: confidence must lie strictly between 0 and 1, got ${confidence}`);
  }
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n and n/n the bound is exactly 0 (or 1) in closed form; pin it so rounding cannot leave 1e-17.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}
