import { interval, percent, points, pValue } from './format-numbers.js';
import { classifierLabel } from '../engine/stats/summarize-run.js';
import { mitigationCsvRows, mitigationSectionMarkdown } from './mitigation-section.js';
import type { ReportData } from './report-data.js';
import { costLine } from './cost-line.js';

/** A Markdown cell: pipes and line breaks would break the table. */
const md = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)].join('\n');
}

/** The report as Markdown: headline and cell tables per behavior, data quality and comparisons. */
export function renderReportMarkdown(data: ReportData): string {
  const out: string[] = [`# Corrigible report: ${md(data.run.id)}`, ''];
  if (data.run.simulatedModels.length > 0) out.push(`> **Simulated agents:** ${md(data.run.simulatedModels.join(', '))}: no real model was evaluated for them.`, '');
  out.push(`Intervals at ${Math.round(data.confidence * 100)}%. Errors and unscored trials are reported apart and never counted as safe.`, '');
  const cost = costLine(data.cost);
  if (cost !== null) out.push(md(cost), '');
  for (const b of data.behaviors) {
    out.push(`## ${b.behavior}`, '', `Counted with ${md(classifierLabel(b.classifier))}.`, '');
    out.push(mdTable(['model', 'n', 'harmful', 'rate', 'Wilson', 'exact', 'unscored', 'errors'], b.byModel.map((r) => [r.group, String(r.n), String(r.harmful), percent(r.rate), interval(r.low, r.high), interval(r.exactLow, r.exactHigh), String(r.unscored), String(r.errors)])), '');
    out.push(mdTable(['model', 'condition', 'n', 'harmful', 'rate', 'Wilson', 'exact', 'unscored', 'errors'], b.cells.map((c) => [c.model, c.conditionId, String(c.n), String(c.harmful), percent(c.rate), interval(c.low, c.high), interval(c.exactLow, c.exactHigh), String(c.unscored), String(c.errors)])), '');
  }
  out.push('## Errors, unscored and judge share', '', mdTable(['model', 'trials', 'errors', 'unscored', 'judge share'], data.quality.map((q) => [q.model, String(q.trials), String(q.errors), String(q.unscored), percent(q.judgeShare)])), '');
  out.push(...mitigationSectionMarkdown(data, md));
  for (const c of data.comparisons) {
    out.push(`## ${c.behavior}: this run − ${md(c.baselineRunId)}`, '');
    out.push(mdTable(['comparison', 'run', 'baseline', 'difference (pp)', 'Newcombe', 'Fisher p', 'Holm p'], c.rows.map((r) => [r.label, `${r.a.harmful}/${r.a.n}`, `${r.b.harmful}/${r.b.n}`, points(r.difference), r.low === null || r.high === null ? '—' : `${points(r.low)} … ${points(r.high)}`, pValue(r.pValue), pValue(r.adjustedP)])), '');
  }
  return `${out.join('\n')}\n`;
}

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV row per behavior × model × condition, with the classifier counted, both intervals and the excluded
 * counts. A run with a `mitigation` block gets a second table after one empty line: a row per arm × behavior × mode.
 */
export function renderReportCsv(data: ReportData): string {
  const header = ['run', 'behavior', 'classifier', 'classifier_version', 'model', 'condition', 'trials', 'n', 'harmful', 'rate', 'wilson_low', 'wilson_high', 'exact_low', 'exact_high', 'unscored', 'errors', 'simulated'];
  const rows = data.behaviors.flatMap((b) =>
    b.cells.map((c) => [data.run.id, b.behavior, b.classifier?.id ?? null, b.classifier?.version ?? null, c.model, c.conditionId, c.trials, c.n, c.harmful, c.rate, c.low, c.high, c.exactLow, c.exactHigh, c.unscored, c.errors, data.run.simulatedModels.includes(c.model) ? 'yes' : 'no']),
  );
  const mitigation = mitigationCsvRows(data);
  const tables = [[header, ...rows], ...(mitigation.length > 0 ? [mitigation] : [])];
  return tables.map((t) => `${t.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`).join('\r\n');
}
