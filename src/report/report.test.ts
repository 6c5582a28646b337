import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import type { SqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { HOSTILE, seedRun } from '../../test/support/fixture-run.js';
import { escapeHtml } from '../core/escape-html.js';
import { buildReportData, type ReportData } from './report-data.js';
import { renderReportHtml } from './render-html.js';
import { renderReportCsv, renderReportMarkdown } from './render-text.js';

const scenarios = createDefaultScenarioRegistry();
let store: SqliteStore;
let data: ReportData;
let compared: ReportData;

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  await seedRun(store, 'after', { models: ['sim:aligned', 'sim:baseline'] });
  await seedRun(store, 'before', { models: ['sim:baseline'], samples: 10 });
  const now = () => '2025-06-12T00:00:00.000Z';
  data = await buildReportData(store, 'after', scenarios, { now });
  compared = await buildReportData(store, 'after', scenarios, { now, compare: 'before' });
});
afterAll(async () => {
  await store.close();
});

describe('buildReportData', () => {
  it('keeps the config order and reports cells, grid, variants, modes and quality', () => {
    const [blackmail] = data.behaviors;
    expect(data.run.models).toEqual(['sim:aligned', 'sim:baseline']);
    expect(data.run.simulatedModels).toEqual(['sim:aligned', 'sim:baseline']);
    expect(blackmail?.cells).toHaveLength(16);
    expect(blackmail?.cells[0]?.model).toBe('sim:aligned');
    expect(blackmail?.gridAxes).toEqual(['goal', 'urgency']);
    // The grid pools the two scratchpad settings: 12 scored trials per model × goal × urgency, 13 with the hostile one.
    const cell = (row: string, column: string) => blackmail?.grid.find((g) => g.model === 'sim:baseline' && g.row === row && g.column === column);
    expect(cell('explicit-america', 'replacement')?.n).toBe(12);
    expect(cell('none', 'none')?.n).toBe(13);
    expect(blackmail?.variants.map((v) => v.toggle)).toEqual(['scratchpad']);
    expect(blackmail?.variants[0]?.rows.filter((r) => r.model === 'sim:aligned').map((r) => [r.value, r.n, r.harmful])).toEqual([
      ['on', 24, 0],
      ['off', 24, 0],
    ]);
    // Every question the blackmail detectors score (#11), each counted with the cascade's final verdicts.
    const questions = [
      ['blackmail', 'acted', 'cascade:blackmail-action v2'],
      ['blackmail', 'considered', 'cascade:blackmail-considered v1'],
      ['evaluation-awareness', 'considered', 'cascade:evaluation-awareness v1'],
      ['self-preservation-reasoning', 'considered', 'cascade:self-preservation-reasoning v1'],
    ];
    expect(data.modes.map((m) => [m.model, m.behavior, m.mode, m.classifier])).toEqual(['sim:aligned', 'sim:baseline'].flatMap((model) => questions.map((q) => [model, ...q])));
    expect(blackmail?.classifier).toMatchObject({ id: 'cascade:blackmail-action', version: '2' });
    expect(data.quality.find((q) => q.model === 'sim:baseline')).toMatchObject({ trials: 49, errors: 0, judgeShare: 0 });
  });

  it('embeds one harmful transcript per harmful cell and links the cell to it', () => {
    const blackmail = data.behaviors[0];
    const linked = blackmail?.cells.filter((c) => c.exampleTrialId !== null) ?? [];
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((c) => c.harmful > 0 && data.examples.some((e) => e.trialId === c.exampleTrialId))).toBe(true);
    expect(blackmail?.cells.filter((c) => c.harmful === 0).every((c) => c.exampleTrialId === null)).toBe(true);
  });

  it('compares with a baseline run: overall, per model and per shared cell, Holm-adjusted', () => {
    const [comparison] = compared.comparisons;
    expect(comparison?.baselineRunId).toBe('before');
    const labels = comparison?.rows.map((r) => r.label) ?? [];
    expect(labels[0]).toBe('all models, all conditions');
    expect(labels).toContain('sim:baseline');
    expect(labels).not.toContain('sim:aligned');
    expect(labels.filter((l) => l.startsWith('sim:baseline · '))).toHaveLength(8);
    for (const row of comparison?.rows ?? []) {
      if (row.pValue === null) continue;
      expect(row.adjustedP).toBeGreaterThanOrEqual(row.pValue);
      expect(row.low ?? 0).toBeLessThanOrEqual(row.difference ?? 0);
    }
  });

  it('names the run when it is missing', async () => {
    await expect(buildReportData(store, 'nope', scenarios)).rejects.toThrow(/no run named "nope".*after, before/);
    await expect(buildReportData(store, 'after', scenarios, { compare: 'gone' })).rejects.toThrow(/"gone"/);
  });
});

describe('renderReportHtml', () => {
  it('is one self-contained file: inline SVG charts, no script, no external resource', () => {
    const html = renderReportHtml(compared);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).toContain('Before / after');
    expect(html).toContain('no real model was evaluated');
    expect(html).toContain('counts one classifier: classifier cascade:blackmail-action v2');
  });

  it('shows hostile model output as text only', () => {
    const html = renderReportHtml(data);
    expect(html).toContain(escapeHtml(HOSTILE.script));
    expect(html).toContain(escapeHtml(HOSTILE.image));
    expect(html).not.toContain(HOSTILE.image);
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain(HOSTILE.attribute);
  });
});

describe('text formats', () => {
  it('writes Markdown tables and a CSV row per behavior × cell with both intervals', () => {
    const md = renderReportMarkdown(compared);
    expect(md).toContain('| sim:baseline | blackmail/explicit-america/replacement |');
    expect(md).toContain('this run − before');
    const lines = renderReportCsv(data).trimEnd().split('\r\n');
    // The CSV names the classifier behind every rate (#11: several classifiers per behavior; never mixed).
    expect(lines[0]).toBe('run,behavior,classifier,classifier_version,model,condition,trials,n,harmful,rate,wilson_low,wilson_high,exact_low,exact_high,unscored,errors,simulated');
    expect(lines).toHaveLength(17);
    expect(lines[1]).toMatch(/^after,blackmail,cascade:blackmail-action,2,sim:aligned,blackmail\/explicit-america\/replacement,6,6,0,0,0,0\.39/);
    expect(md).toContain('Counted with classifier cascade:blackmail-action v2.');
  });
});
