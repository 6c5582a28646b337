import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../engine/stats/summarize-run.js';
import { formatSummary } from './format-summary.js';

// A spread needs rates, so the fixture has scored trials (a behavior with none prints one line instead).
const pooled = { model: 'm', conditionId: '*', trials: 30, n: 30, harmful: 7, rate: 7 / 30, low: 0.1, high: 0.4, errors: 0, unscored: 0 };
const summary = (variantSpread: RunSummary['behaviors'][number]['variantSpread']): RunSummary => ({
  runId: 'r',
  confidence: 0.95,
  behaviors: [{ behavior: 'leak', mode: 'acted', classifier: { id: 'leaking-action', version: '1', judgeModel: null }, rows: [], byModel: [pooled], variantSpread }],
  simulatedModels: [],
  provenance: { scenarios: [], classifiers: [], corrigibleVersions: [] },
});

describe('formatSummary', () => {
  it('prints the spread across prompt variants only when a cell ran in several wordings', () => {
    const text = formatSummary(summary([{ model: 'm', cellId: 'leaking/none/none', conditions: 3, minRate: 0.1, maxRate: 0.4, spread: 0.3 }]));
    expect(text).toContain('spread of the rate across prompt variants');
    expect(text).toMatch(/m\s+leaking\/none\/none\s+3\s+10\.0%\s+40\.0%\s+30\.0%/);
    expect(formatSummary(summary([]))).not.toContain('spread');
    expect(formatSummary(summary([]))).toContain('classifier leaking-action v1');
  });
});
