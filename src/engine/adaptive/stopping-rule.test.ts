import { describe, it, expect } from 'vitest';
import { createRng } from '../../core/hash.js';
import type { PooledCounts } from '../stats/grouped-rates.js';
import { wilsonInterval } from '../stats/wilson.js';
import { checkStoppingRule, halfWidthOf, isOpen, nextTarget, type StoppingRule } from './stopping-rule.js';

const RULE: StoppingRule = { halfWidth: 0.05, maxSamples: 400, initialSamples: 10, confidence: 0.95 };

function counts(yes: number, no: number, unscored = 0, errors = 0): PooledCounts {
  return { trials: yes + no + unscored + errors, errors, labels: { yes, no, unscored } };
}

/** One adaptive experiment on a single cell whose true rate is p, driven by the rule alone. */
function simulateCell(p: number, rule: StoppingRule, next: () => number) {
  let yes = 0;
  let n = 0;
  for (;;) {
    const cell = { samples: n, counts: counts(yes, n - yes) };
    if (!isOpen(cell, rule)) break;
    const target = nextTarget(cell, rule);
    for (; n < target; n++) if (next() < p) yes++;
  }
  return { yes, n };
}

describe('stopping rule', () => {
  it('keeps a cell open until its initial samples, then while the interval is too wide', () => {
    expect(isOpen({ samples: 9, counts: counts(0, 9) }, RULE)).toBe(true);
    expect(isOpen({ samples: 10, counts: counts(5, 5) }, RULE)).toBe(true);
    // 0/80: Wilson upper 0.0458, half-width 0.0229.
    expect(halfWidthOf(counts(0, 80), 0.95)).toBeCloseTo(wilsonInterval(0, 80).high / 2, 15);
    expect(isOpen({ samples: 80, counts: counts(0, 80) }, RULE)).toBe(false);
    expect(isOpen({ samples: 400, counts: counts(200, 200) }, RULE)).toBe(false);
  });
  it('does not count unscored or errored trials as information', () => {
    expect(isOpen({ samples: 300, counts: counts(0, 10, 250, 40) }, RULE)).toBe(true);
    expect(halfWidthOf(counts(0, 0, 5, 5), 0.95)).toBe(0.5);
  });
  it('aims at the projected n, at least 5 more, at most double, never beyond the cap', () => {
    expect(nextTarget({ samples: 0, counts: counts(0, 0) }, RULE)).toBe(10);
    expect(nextTarget({ samples: 10, counts: counts(5, 5) }, RULE)).toBe(20);
    expect(nextTarget({ samples: 300, counts: counts(150, 150) }, RULE)).toBe(385);
    expect(nextTarget({ samples: 390, counts: counts(195, 195) }, RULE)).toBe(395);
    expect(nextTarget({ samples: 398, counts: counts(199, 199) }, RULE)).toBe(400);
    expect(nextTarget({ samples: 20, counts: counts(0, 20) }, RULE)).toBe(40);
    expect(nextTarget({ samples: 60, counts: counts(30, 30) }, RULE)).toBe(120);
    expect(nextTarget({ samples: 380, counts: counts(190, 190) }, RULE)).toBe(385);
  });
  it('rejects a bad rule naming the field', () => {
    expect(() => checkStoppingRule({ ...RULE, halfWidth: 0.7 })).toThrow(/halfWidth/);
    expect(() => checkStoppingRule({ ...RULE, maxSamples: 0 })).toThrow(/maxSamples/);
  });
});

describe('coverage and savings of adaptive sampling (Monte Carlo, seeded)', () => {
  // Seeded (mulberry32), so the Monte Carlo below is the same on every run.
  const next = createRng(20261125);
  it.each([0, 0.02, 0.1, 0.3, 0.5, 0.95])('keeps the Wilson interval honest at p = %s', (p) => {
    const reps = 1500;
    let covered = 0;
    let used = 0;
    for (let i = 0; i < reps; i++) {
      const { yes, n } = simulateCell(p, RULE, next);
      const interval = wilsonInterval(yes, n);
      if (interval.low <= p && p <= interval.high) covered++;
      used += n;
    }
    // Binomial sd of the coverage estimate at 1500 reps is about 0.006: 0.93 is three sds under 0.95.
    expect(covered / reps).toBeGreaterThan(0.93);
    // Clear cells stop early; a cell at 50 % needs about 385 trials for ±5 points.
    const mean = used / reps;
    if (p === 0 || p === 0.02 || p === 0.95) expect(mean).toBeLessThan(RULE.maxSamples / 2);
    if (p === 0.5) expect(mean).toBeGreaterThan(370);
  });
});
