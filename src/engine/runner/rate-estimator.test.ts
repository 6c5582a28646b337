import { describe, expect, it } from 'vitest';
import { RateEstimator } from './rate-estimator.js';

describe('RateEstimator', () => {
  it('says nothing from one 429 or one burst of them', () => {
    const estimator = new RateEstimator(10);
    expect(estimator.estimate()).toBeUndefined();
    estimator.restart({ seq: 10, admittedAt: 1000, budgetAt: 1100 });
    expect(estimator.estimate()).toBeUndefined();
    // Sent right after, before the first 429 came back: no request got through in between.
    estimator.add({ seq: 11, admittedAt: 1001, budgetAt: 1100 });
    estimator.add({ seq: 12, admittedAt: 1002, budgetAt: 1100 });
    expect(estimator.estimate()).toBeUndefined();
  });

  it('brackets the rate to within the clock slack when retry-after-ms says when the budget is back', () => {
    const estimator = new RateEstimator(10);
    estimator.restart({ seq: 10, admittedAt: 1000, budgetAt: 1100 });
    // 20 requests got through (seq 11–30), then the budget was empty again; it refills at 2030.
    estimator.add({ seq: 31, admittedAt: 2000, budgetAt: 2100 });
    const estimate = estimator.estimate();
    expect(estimate).toMatchObject({ accepted: 20, spanMs: 1000 });
    expect(estimate?.low).toBeCloseTo(20 / 1010, 10);
    expect(estimate?.high).toBeCloseTo(20 / 990, 10);
  });

  it('without exact retry-after, brackets it to within one request at either end', () => {
    const estimator = new RateEstimator(10);
    estimator.restart({ seq: 0, admittedAt: 0 });
    estimator.add({ seq: 51, admittedAt: 5000, budgetAt: 5100 });
    // One end is inexact: admission times are used, 50 requests through in 5 s.
    expect(estimator.estimate()).toEqual({ low: 49 / 5000, high: 51 / 5000, accepted: 50, spanMs: 5000 });
  });

  it('does not count the 429s inside the episode as requests let through, whatever order they come back in', () => {
    const estimator = new RateEstimator(0);
    estimator.restart({ seq: 5, admittedAt: 500, budgetAt: 600 });
    estimator.add({ seq: 20, admittedAt: 2000, budgetAt: 2100 });
    // A 429 sent before the first one, come back after it: it becomes the episode's start.
    estimator.add({ seq: 4, admittedAt: 499, budgetAt: 600 });
    estimator.add({ seq: 12, admittedAt: 1200, budgetAt: 1300 });
    // seq 4…20: 15 admissions between the ends, 2 of them 429s.
    expect(estimator.estimate()).toMatchObject({ accepted: 13, spanMs: 1500, low: 13 / 1500, high: 13 / 1500 });
  });

  it('starts over on restart', () => {
    const estimator = new RateEstimator(0);
    estimator.restart({ seq: 0, admittedAt: 0, budgetAt: 100 });
    estimator.add({ seq: 11, admittedAt: 1000, budgetAt: 1100 });
    expect(estimator.estimate()?.accepted).toBe(10);
    estimator.restart({ seq: 40, admittedAt: 4000, budgetAt: 4100 });
    expect(estimator.estimate()).toBeUndefined();
    estimator.add({ seq: 46, admittedAt: 5000, budgetAt: 5100 });
    expect(estimator.estimate()).toMatchObject({ accepted: 5, spanMs: 1000 });
  });
});

describe('RateEstimator evidence', () => {
  it('needs a few requests between the ends: one or two may have arrived out of order', () => {
    const estimator = new RateEstimator(0);
    estimator.restart({ seq: 0, admittedAt: 0, budgetAt: 100 });
    estimator.add({ seq: 3, admittedAt: 200, budgetAt: 300 });
    expect(estimator.estimate()).toBeUndefined();
    estimator.add({ seq: 7, admittedAt: 600, budgetAt: 700 });
    expect(estimator.estimate()).toMatchObject({ accepted: 5, spanMs: 600 });
  });

  it('trusts exact spans less once 429s from one empty budget disagree on when it is back', () => {
    const estimator = new RateEstimator(10);
    estimator.restart({ seq: 0, admittedAt: 0, budgetAt: 100 });
    estimator.add({ seq: 11, admittedAt: 1000, budgetAt: 1100 });
    expect(estimator.estimate()?.low).toBeCloseTo(10 / 1010, 10);
    estimator.noteDrift(40);
    expect(estimator.estimate()?.low).toBeCloseTo(10 / 1040, 10);
    expect(estimator.estimate()?.high).toBeCloseTo(10 / 960, 10);
    // A smaller drift later does not narrow it again.
    estimator.noteDrift(5);
    expect(estimator.estimate()?.low).toBeCloseTo(10 / 1040, 10);
  });
});
