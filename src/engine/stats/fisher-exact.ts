import { logGamma } from './beta-distribution.js';

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * Two-sided Fisher exact test for the 2 × 2 table [[a, b], [c, d]] (rows: groups; columns: yes, no):
 * the probability, given the margins, of a table at most as likely as the one observed. Tables within a
 * relative 1e-7 of the observed probability count as equally likely, as R and SciPy do, so that rounding
 * cannot drop a tie.
 * @throws RangeError unless every cell is a non-negative integer.
 */
export function fisherExactTest(a: number, b: number, c: number, d: number): number {
  for (const [name, value] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`fisherExactTest: ${name} must be a non-negative integer, got ${value}`);
  }
  const row1 = a + b;
  const col1 = a + c;
  const total = a + b + c + d;
  const logDenominator = logChoose(total, row1);
  const logP = (k: number) => logChoose(col1, k) + logChoose(total - col1, row1 - k) - logDenominator;
  const observed = logP(a);
  let p = 0;
  for (let k = Math.max(0, row1 + col1 - total); k <= Math.min(row1, col1); k++) {
    const lp = logP(k);
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
