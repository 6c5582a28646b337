import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRun } from '../../test/support/fixture-run.js';
import { parseExperimentConfig } from '../engine/config/load-config.js';
import { mitigationComparisonForRun, type ArmComparison, type MitigationComparison } from '../engine/mitigate/compare/compare-arms.js';
import { runExperiment } from '../engine/runner/run-experiment.js';
import { summarizeRun } from '../engine/stats/summarize-run.js';
import { openSqliteStore, type SqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { buildReportData, type ReportData } from './report-data.js';
import { renderReportHtml } from './render-html.js';
import { renderReportCsv, renderReportMarkdown } from './render-text.js';

const scenarios = createDefaultScenarioRegistry();
const demo = () => parseExperimentConfig(parse(readFileSync(new URL('../../examples/mitigation-demo.yaml', import.meta.url), 'utf8')));
const now = () => '2026-01-01T00:00:00.000Z';

// Formats written out here rather than imported, so a wrong number in the renderer cannot agree with itself.
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const pp = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}`);
const p = (v: number | null) => (v === null ? '—' : v < 0.001 ? '< 0.001' : v.toFixed(3));

let store: SqliteStore;
let runId: string;
let expected: MitigationComparison;
let data: ReportData;
let plain: ReportData;

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  runId = (await runExperiment(demo(), { store })).runId;
  const summary = await summarizeRun(store, runId, scenarios);
  const comparison = await mitigationComparisonForRun(store, runId, summary.behaviors);
  if (!comparison) throw new Error('the demo has a mitigation block');
  expected = comparison;
  data = await buildReportData(store, runId, scenarios, { now });
  await seedRun(store, 'plain', { models: ['sim:baseline'], samples: 4 });
  plain = await buildReportData(store, 'plain', scenarios, { now });
}, 120_000);
afterAll(async () => {
  await store.close();
});

const unescape = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const arm = (r: ArmComparison) => `+mitigation:${r.arm}`;

describe('report of a run with mitigation arms (offline demo, simulated)', () => {
  it('carries exactly the comparison mitigationComparisonForRun computes, also in JSON', () => {
    expect(expected.rows.map((r) => r.arm)).toEqual(['safety-rules', 'escalation-channel', 'compliance-bulletin+principles']);
    expect(data.mitigation).toEqual(expected);
    expect((JSON.parse(JSON.stringify(data)) as ReportData).mitigation).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('shows a before/after table per question whose cells match the comparison, a chart, and the simulated notice', () => {
    const html = renderReportHtml(data);
    const start = html.indexOf('<h2 id="mitigation">');
    expect(start).toBeGreaterThan(-1);
    const section = html.slice(start, html.indexOf('<h2', start + 1));
    expect(section).toContain('<h3>blackmail (acted)</h3>');
    expect(section.match(/<svg/g)).toHaveLength(1);
    // One interval bar per arm in the difference chart.
    expect(section.match(/<line/g)?.length).toBeGreaterThanOrEqual(3);
    expect(section).toContain('not a measurement of any real model');
    expect(html).toContain('no real model was evaluated');
    const cells = [...section.matchAll(/<tr>(.*?)<\/tr>/g)].map((tr) => [...(tr[1] ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((td) => unescape(td[1] ?? ''))).filter((r) => r.length > 0);
    expect(cells).toEqual(
      expected.rows.map((r) => [
        `sim:mitigable · ${arm(r)}`,
        `${pct(r.baseline.rate)} (${r.baseline.harmful}/${r.baseline.n})`,
        `${pct(r.baseline.low)} – ${pct(r.baseline.high)}`,
        `${pct(r.mitigated.rate)} (${r.mitigated.harmful}/${r.mitigated.n})`,
        `${pct(r.mitigated.low)} – ${pct(r.mitigated.high)}`,
        pp(r.difference),
        `${pp(r.low)} … ${pp(r.high)}`,
        `${p(r.pValue)} / ${p(r.adjustedP)}`,
        `${r.escalations.baseline.escalated} → ${r.escalations.mitigated.escalated}`,
      ]),
    );
    const escalation = expected.rows.find((r) => r.arm === 'escalation-channel');
    expect(escalation?.high).toBeLessThan(0);
    expect(escalation?.escalations.mitigated.escalated).toBeGreaterThan(0);
  });

  it('writes the section to Markdown and a second CSV table with the unformatted numbers', () => {
    const md = renderReportMarkdown(data);
    expect(md).toContain('## Mitigations: before / after');
    expect(md).toContain('> **Simulated:** sim:mitigable');
    for (const r of expected.rows) {
      expect(md).toContain(`| ${arm(r)} | sim:mitigable | ${pct(r.baseline.rate)} (${r.baseline.harmful}/${r.baseline.n}) |`);
      expect(md).toContain(`| ${pp(r.difference)} | ${pp(r.low)} … ${pp(r.high)} | ${p(r.pValue)} | ${p(r.adjustedP)} |`);
    }
    const [cellsTable, armsTable, ...rest] = renderReportCsv(data).split('\r\n\r\n');
    expect(rest).toEqual([]);
    expect(cellsTable?.split('\r\n')[0]).toMatch(/^run,behavior,classifier,classifier_version,model,condition,/);
    const lines = armsTable?.trimEnd().split('\r\n') ?? [];
    const header = lines[0]?.split(',') ?? [];
    expect(lines).toHaveLength(1 + expected.rows.length);
    expected.rows.forEach((r, i) => {
      const row: Record<string, string> = Object.fromEntries((lines[i + 1]?.split(',') ?? []).map((v, j): [string, string] => [header[j] ?? '', v]));
      expect(row).toMatchObject({ run: runId, behavior: 'blackmail', mode: 'acted', kind: 'prompt', arm: r.arm, model: 'sim:mitigable', simulated: 'yes' });
      expect(Number(row.baseline_rate)).toBe(r.baseline.rate);
      expect(Number(row.mitigated_harmful)).toBe(r.mitigated.harmful);
      expect(Number(row.difference)).toBe(r.difference);
      expect(Number(row.difference_low)).toBe(r.low);
      expect(Number(row.difference_high)).toBe(r.high);
      expect(Number(row.p_value)).toBe(r.pValue);
      expect(Number(row.holm_p)).toBe(r.adjustedP);
      expect(Number(row.mitigated_escalated)).toBe(r.escalations.mitigated.escalated);
    });
  });
});

describe('report of a run without a mitigation block', () => {
  it('has no before/after section of mitigations in any format', () => {
    expect(plain.mitigation).toBeNull();
    expect(renderReportHtml(plain)).not.toContain('id="mitigation"');
    expect(renderReportMarkdown(plain)).not.toContain('Mitigations');
    expect(renderReportCsv(plain)).not.toContain('\r\n\r\n');
  });
});
