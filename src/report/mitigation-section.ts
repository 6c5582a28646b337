import * as Plot from '@observablehq/plot';
import { escapeHtml as e } from '../core/escape-html.js';
import type { ArmComparison, MitigationComparison } from '../engine/mitigate/compare/compare-arms.js';
import { interval, percent, points, pValue } from './format-numbers.js';
import { figure, table } from './html-table.js';
import { renderChart } from './render-chart.js';
import type { ReportData } from './report-data.js';

/** What an arm is, as a reader sees it: the prompt mitigations added, or the model that replaced the base. */
const armLabel = (r: ArmComparison): string => (r.kind === 'prompt' ? `+mitigation:${r.arm}` : `${r.baselineModel} → ${r.model}`);
const rowLabel = (r: ArmComparison): string => (r.kind === 'prompt' ? `${r.model} · ${armLabel(r)}` : armLabel(r));
const fraction = (r: { harmful: number; n: number }): string => `${r.harmful}/${r.n}`;
const pointsInterval = (r: ArmComparison): string => (r.low === null || r.high === null ? '—' : `${points(r.low)} … ${points(r.high)}`);
const escalated = (r: ArmComparison): string => `${r.escalations.baseline.escalated}/${r.escalations.baseline.trials} → ${r.escalations.mitigated.escalated}/${r.escalations.mitigated.trials}`;

// The report's CSP allows inline styles; an interval broken over lines is hard to read.
const nowrap = (html: string): string => `<span style="white-space:nowrap">${html}</span>`;

/** The rows of one question (behavior × mode), in the comparison's order; Holm's correction spans each. */
function questions(comparison: MitigationComparison): { title: string; rows: ArmComparison[] }[] {
  const grouped = new Map<string, ArmComparison[]>();
  for (const r of comparison.rows) {
    const title = `${r.behavior} (${r.mode})`;
    grouped.set(title, [...(grouped.get(title) ?? []), r]);
  }
  return [...grouped].map(([title, rows]) => ({ title, rows }));
}

/** A simulated agent on either side of a row makes the whole comparison a demonstration, not a measurement. */
function simulatedIn(data: ReportData, comparison: MitigationComparison): string[] {
  const models = new Set(comparison.rows.flatMap((r) => [r.baselineModel, r.model]));
  return data.run.simulatedModels.filter((m) => models.has(m));
}

/** mitigated − baseline per arm with Newcombe intervals and a zero line; red where the Holm-adjusted p < 0.05. */
function mitigationChart(rows: readonly ArmComparison[], confidence: number): string {
  const data = rows.filter((r) => r.difference !== null).map((r) => ({ ...r, label: rowLabel(r) }));
  if (data.length === 0) return '';
  return renderChart({
    width: 760,
    height: Math.max(100, 28 * data.length + 50),
    marginLeft: 340,
    x: { domain: [-1, 1], tickFormat: (v: number) => `${v > 0 ? '+' : ''}${Math.round(v * 100)}`, grid: true, label: `mitigated − baseline, percentage points (${Math.round(confidence * 100)}% Newcombe interval)` },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(data, { y: 'label', x1: 'low', x2: 'high', stroke: '#555', strokeWidth: 2 }),
      Plot.dot(data, { y: 'label', x: 'difference', fill: (d: (typeof data)[number]) => ((d.adjustedP ?? 1) < 0.05 ? '#b2182b' : '#777'), r: 4 }),
    ],
  });
}

/** The HTML before/after section of a run's mitigation arms; empty when the run has no `mitigation` block. */
export function mitigationSectionHtml(data: ReportData): string {
  const comparison = data.mitigation;
  if (!comparison || comparison.rows.length === 0) return '';
  const ci = `${Math.round(comparison.confidence * 100)}%`;
  const simulated = simulatedIn(data, comparison);
  const notice = simulated.length > 0
    ? `<p class="notice"><strong>Simulated:</strong> ${e(simulated.join(', '))} ${simulated.length === 1 ? 'is a simulated agent' : 'are simulated agents'}; ${simulated.length === 1 ? 'its' : 'their'} response to mitigations is a documented profile (docs/mitigation-lab.md), not a measurement of any real model.</p>`
    : '';
  const sections = questions(comparison).map(({ title, rows }) => `
<h3>${e(title)}</h3>
${figure(mitigationChart(rows, comparison.confidence), 'Difference (mitigated − baseline) with its Newcombe interval; red when the Holm-adjusted Fisher p is below 0.05.')}
<div style="font-size:.85em;overflow-x:auto">${table(
  ['model · arm', 'baseline', `${ci} Wilson`, 'mitigated', `${ci} Wilson`, 'difference (pp)', `${ci} Newcombe`, 'p (Fisher / Holm)', 'escalated'],
  rows.map((r) => [
    e(rowLabel(r)),
    nowrap(`${percent(r.baseline.rate)} (${fraction(r.baseline)})`),
    nowrap(interval(r.baseline.low, r.baseline.high)),
    nowrap(`${percent(r.mitigated.rate)} (${fraction(r.mitigated)})`),
    nowrap(interval(r.mitigated.low, r.mitigated.high)),
    points(r.difference),
    nowrap(pointsInterval(r)),
    nowrap(e(`${pValue(r.pValue)} / ${pValue(r.adjustedP)}`)),
    nowrap(`${r.escalations.baseline.escalated} → ${r.escalations.mitigated.escalated}`),
  ]),
  new Set([1, 2, 3, 4, 5, 6, 7, 8]),
)}</div>`);
  return `<h2 id="mitigation">Mitigations: before / after</h2>
${notice}
<p class="meta">Each arm against its baseline: the same model on the same plain conditions and seeds (for a model arm, its base model), pooled over the arm's conditions, counted with the classifiers of the rate tables. Differences use Newcombe's hybrid score interval; p-values are two-sided Fisher exact tests, Holm-adjusted over a behavior's arms. Escalated: trials in which the agent used the escalation channel (baseline → mitigated; the trials that ran are in the Markdown, CSV and JSON formats).</p>
${sections.join('\n')}`;
}

/** The same section as Markdown lines (a table per question); none without a `mitigation` block. */
export function mitigationSectionMarkdown(data: ReportData, md: (text: string) => string): string[] {
  const comparison = data.mitigation;
  if (!comparison || comparison.rows.length === 0) return [];
  const ci = `${Math.round(comparison.confidence * 100)}%`;
  const out: string[] = ['## Mitigations: before / after', ''];
  const simulated = simulatedIn(data, comparison);
  if (simulated.length > 0) out.push(`> **Simulated:** ${md(simulated.join(', '))}: the response to mitigations is a documented profile, not a measurement of any real model.`, '');
  for (const { title, rows } of questions(comparison)) {
    out.push(`### ${md(title)}`, '');
    out.push(`| arm | model | baseline | ${ci} Wilson | mitigated | ${ci} Wilson | difference (pp) | ${ci} Newcombe | Fisher p | Holm p | escalated |`);
    out.push(`|${Array<string>(11).fill('---').join('|')}|`);
    for (const r of rows) {
      const cells = [armLabel(r), r.model, `${percent(r.baseline.rate)} (${fraction(r.baseline)})`, interval(r.baseline.low, r.baseline.high), `${percent(r.mitigated.rate)} (${fraction(r.mitigated)})`, interval(r.mitigated.low, r.mitigated.high), points(r.difference), pointsInterval(r), pValue(r.pValue), pValue(r.adjustedP), escalated(r)];
      out.push(`| ${cells.map(md).join(' | ')} |`);
    }
    out.push('');
  }
  return out;
}

/** Header of the before/after CSV table, one row per arm × behavior × mode, numbers unformatted. */
const MITIGATION_CSV_HEADER = ['run', 'behavior', 'mode', 'kind', 'arm', 'baseline_model', 'model', 'baseline_n', 'baseline_harmful', 'baseline_rate', 'baseline_low', 'baseline_high', 'mitigated_n', 'mitigated_harmful', 'mitigated_rate', 'mitigated_low', 'mitigated_high', 'difference', 'difference_low', 'difference_high', 'p_value', 'holm_p', 'baseline_escalated', 'baseline_trials', 'mitigated_escalated', 'mitigated_trials', 'simulated'] as const;

/** The before/after rows for the CSV format: the header first; none without a `mitigation` block. */
export function mitigationCsvRows(data: ReportData): (string | number | null)[][] {
  const comparison = data.mitigation;
  if (!comparison || comparison.rows.length === 0) return [];
  const sim = (r: ArmComparison) => (data.run.simulatedModels.includes(r.model) || data.run.simulatedModels.includes(r.baselineModel) ? 'yes' : 'no');
  return [
    [...MITIGATION_CSV_HEADER],
    ...comparison.rows.map((r) => [
      data.run.id, r.behavior, r.mode, r.kind, r.arm, r.baselineModel, r.model,
      r.baseline.n, r.baseline.harmful, r.baseline.rate, r.baseline.low, r.baseline.high,
      r.mitigated.n, r.mitigated.harmful, r.mitigated.rate, r.mitigated.low, r.mitigated.high,
      r.difference, r.low, r.high, r.pValue, r.adjustedP,
      r.escalations.baseline.escalated, r.escalations.baseline.trials, r.escalations.mitigated.escalated, r.escalations.mitigated.trials, sim(r),
    ]),
  ];
}
