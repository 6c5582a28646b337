import { describe, it, expect } from 'vitest';
import { wilsonInterval } from './wilson.js';

// Textbook Wilson formula evaluated with mpmath at 40 digits, z = √2·erfinv(confidence)
// (1.959963984540054 at 95 %, 2.5758293035489 at 99 %, 1.6448536269514729 at 90 %).
const REFERENCE: readonly [successes: number, n: number, confidence: number, low: number, high: number][] = [
  [7, 20, 0.95, 0.18119182410108206, 0.5671457233147638],
  [50, 100, 0.95, 0.4038315303659957, 0.5961684696340044],
  [3, 1000, 0.95, 0.001020783881138619, 0.008783014053503173],
  [0, 30, 0.95, 0, 0.11351339317396875],
  [30, 30, 0.95, 0.8864866068260313, 1],
  [0, 1, 0.95, 0, 0.7934506856227626],
  [1, 1, 0.95, 0.20654931437723745, 1],
  [12, 40, 0.99, 0.15327747087863433, 0.5036318145243994],
  [0, 10, 0.99, 0, 0.39885409330490806],
  [10, 10, 0.99, 0.6011459066950919, 1],
  [7, 20, 0.9, 0.202260040056761, 0.5334873111515284],
];

describe('wilsonInterval', () => {
  it.each(REFERENCE)('%i/%i at %s matches the reference', (successes, n, confidence, low, high) => {
    const interval = wilsonInterval(successes, n, confidence);
    expect(interval.low).toBeCloseTo(low, 12);
    expect(interval.high).toBeCloseTo(high, 12);
  });

  it('defaults to 95 % confidence', () => {
    expect(wilsonInterval(7, 20)).toEqual(wilsonInterval(7, 20, 0.95));
    expect(wilsonInterval(7, 20).high).toBeCloseTo(0.5671457233147638, 12);
  });

  it('pins the closed bound exactly at 0/n and n/n', () => {
    expect(wilsonInterval(0, 30).low).toBe(0);
    expect(wilsonInterval(30, 30).high).toBe(1);
    expect(wilsonInterval(0, 30).high).toBeLessThan(1);
    expect(wilsonInterval(30, 30).low).toBeGreaterThan(0);
  });

  it('returns the whole unit interval when there is no data', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(0, 0, 0.99)).toEqual({ low: 0, high: 1 });
  });

  it('contains the observed rate and widens with confidence', () => {
    const i90 = wilsonInterval(13, 37, 0.9);
    const i99 = wilsonInterval(13, 37, 0.99);
    expect(i90.low).toBeLessThan(13 / 37);
    expect(i90.high).toBeGreaterThan(13 / 37);
    expect(i99.low).toBeLessThan(i90.low);
    expect(i99.high).toBeGreaterThan(i90.high);
  });

  it.each([
    [-1, 10, 0.95],
    [1.5, 10, 0.95],
    [3, 2.5, 0.95],
    [11, 10, 0.95],
    [1, -1, 0.95],
    [Number.NaN, 10, 0.95],
    [1, 10, 0],
    [1, 10, 1],
    [1, 10, 95],
  ])('throws RangeError for (%s, %s, %s)', (successes, n, confidence) => {
    expect(() => wilsonInterval(successes, n, confidence)).toThrow(RangeError);
  });
});
