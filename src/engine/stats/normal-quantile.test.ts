import { describe, it, expect } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

// References computed independently with mpmath at 60 digits, by solving ½·erfc(−z/√2) = p (on log scale
// in the far tail) for the exact double p; not with AS241.
const REFERENCE: readonly [number, number][] = [
  [0.975, 1.9599639845400538],
  [0.025, -1.9599639845400543],
  [0.995, 2.5758293035489004],
  [0.005, -2.575829303548901],
  [0.9, 1.2815515655446006],
  [0.3, -0.5244005127080408],
  [0.7, 0.5244005127080407],
  [0.075, -1.439531470938456],
  [0.925, 1.4395314709384561],
  [0.01, -2.326347874040841],
  [0.999, 3.090232306167813],
  [1e-5, -4.264890793922825],
  [1e-10, -6.361340902404057],
  [1 - 1e-10, 6.361340889697422],
  [1e-20, -9.262340089798407],
  [1e-100, -21.273453560965326],
  [1e-300, -37.0470962993612],
  [0.8413447460685429, 0.9999999999999999],
];

describe('normalQuantile', () => {
  it.each(REFERENCE)('matches the reference at p = %s', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('is exactly 0 at the median and odd around it', () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [0.01, 0.2, 0.4, 0.45, 0.074, 0.076]) {
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 12);
    }
  });

  it('is strictly increasing across the region boundaries', () => {
    // 0.075 / 0.925 is where the centre approximation hands over; exp(-25) is where the far tail starts.
    const ps = [1e-300, Math.exp(-25) * 0.999, Math.exp(-25) * 1.001, 0.0749999, 0.0750001, 0.5, 0.9249999, 0.9250001, 0.999999];
    const zs = ps.map(normalQuantile);
    for (let i = 1; i < zs.length; i++) expect(zs[i]).toBeGreaterThan(zs[i - 1] ?? Number.NaN);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for p = %s', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
