/**
 * Holm's step-down adjustment of p-values for m comparisons shown together: the family-wise error rate
 * stays at most α without Bonferroni's loss of power. Returns adjusted values in input order.
 * @throws RangeError when a p-value is outside [0, 1].
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`holmAdjust: p-values must lie in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    // Step-down: an adjusted value can never be smaller than the one before it.
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
