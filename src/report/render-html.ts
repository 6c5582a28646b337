import type { TranscriptMessage } from '../core/transcript.js';
import { escapeHtml as e } from '../core/escape-html.js';
import { classifierLabel } from '../engine/stats/summarize-run.js';
import { interval, percent, points, pValue } from './format-numbers.js';
import { figure, table } from './html-table.js';
import { costLine } from './cost-line.js';
import { mitigationSectionHtml } from './mitigation-section.js';
import { comparisonChart, gridChart, modeChart, rateChart, variantChart } from './report-charts.js';
import type { BehaviorReport, ComparisonReport, ReportData, TranscriptExample } from './report-data.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.notice { background: #fff4e5; border: 1px solid #f0b429; padding: .6rem .9rem; border-radius: 4px; }
.meta { color: #555; } figure { margin: .8rem 0; } svg { max-width: 100%; height: auto; }
details { margin: .4rem 0; } pre { white-space: pre-wrap; word-break: break-word; background: #f7f7f7; padding: .5rem; margin: .2rem 0; }
.role { font-weight: 600; text-transform: uppercase; font-size: .75rem; color: #666; }
`;

function headline(report: BehaviorReport, confidence: number): string {
  const ci = `${Math.round(confidence * 100)}%`;
  return table(
    ['model', 'n', 'harmful', 'rate', `${ci} Wilson`, `${ci} exact`, 'unscored', 'errors'],
    report.byModel.map((r) => [e(r.group), String(r.n), String(r.harmful), percent(r.rate), interval(r.low, r.high), interval(r.exactLow, r.exactHigh), String(r.unscored), String(r.errors)]),
    new Set([1, 2, 3, 6, 7]),
  );
}

function cellTable(report: BehaviorReport): string {
  return table(
    ['model', 'condition', 'n', 'harmful', 'rate', 'Wilson', 'exact', 'unscored', 'errors', 'transcript'],
    report.cells.map((c) => [
      e(c.model),
      e(c.conditionId),
      String(c.n),
      String(c.harmful),
      percent(c.rate),
      interval(c.low, c.high),
      interval(c.exactLow, c.exactHigh),
      String(c.unscored),
      String(c.errors),
      c.exampleTrialId ? `<a href="#t-${e(c.exampleTrialId)}">example</a>` : '',
    ]),
    new Set([2, 3, 4, 7, 8]),
  );
}

function behaviorSection(report: BehaviorReport, confidence: number): string {
  return `
<h2 id="b-${e(report.behavior)}">${e(report.behavior)}</h2>
<p class="meta classifier">Every rate of this section counts one classifier: ${e(classifierLabel(report.classifier))}.</p>
${headline(report, confidence)}
<h3>Rate per model × condition</h3>
${figure(rateChart(report), 'Dot: observed rate. Thick bar: Wilson interval. Thin line: exact (Clopper-Pearson) interval. Right: harmful/scored.')}
${report.gridAxes ? `<h3>Grid: ${e(report.gridAxes[0])} × ${e(report.gridAxes[1])}</h3>${figure(gridChart(report), 'Rate pooled over toggles, per model; n = scored trials.')}` : ''}
${report.variants.length > 0 ? `<h3>Variant spread</h3>${figure(variantChart(report), 'Rate with each toggle off and on, per model, with Wilson intervals.')}` : ''}
<details><summary>Every cell (${report.cells.length})</summary>${cellTable(report)}</details>`;
}

function comparisonSection(c: ComparisonReport, runId: string): string {
  return `
<h3>${e(c.behavior)}: ${e(runId)} − ${e(c.baselineRunId)}</h3>
${figure(comparisonChart(c), 'Difference with Newcombe interval; red when the Holm-adjusted Fisher p is below 0.05.')}
${table(
  ['comparison', 'this run', 'baseline', 'difference (pp)', 'Newcombe interval', 'Fisher p', 'Holm p'],
  c.rows.map((r) => [e(r.label), `${r.a.harmful}/${r.a.n}`, `${r.b.harmful}/${r.b.n}`, points(r.difference), r.low === null || r.high === null ? '—' : `${points(r.low)} … ${points(r.high)}`, pValue(r.pValue), pValue(r.adjustedP)]),
  new Set([1, 2, 3, 5, 6]),
)}`;
}

function messageText(message: TranscriptMessage): string {
  return message.parts
    .map((part) => {
      switch (part.type) {
        case 'text':
          return part.text;
        case 'reasoning':
          return `[reasoning] ${part.text}`;
        case 'tool-call':
          return `[call ${part.toolName}] ${JSON.stringify(part.input, null, 2)}`;
        case 'tool-result':
          return `[result ${part.toolName}${part.isError ? ', error' : ''}] ${part.output}`;
      }
    })
    .join('\n');
}

function transcript(example: TranscriptExample): string {
  const messages = example.messages.map((m) => `<div><span class="role">${e(m.role)}</span><pre>${e(messageText(m))}</pre></div>`).join('');
  return `<details id="t-${e(example.trialId)}"><summary>${e(example.model)} · ${e(example.conditionId)} · sample ${example.sample} — ${e(example.behavior)}: ${e(example.explanation)}</summary>${messages}</details>`;
}

/**
 * The report as one self-contained HTML file: inline CSS, charts as inline SVG rendered on the server,
 * no script and no external resource, so it opens from disk with no network. Every stored string is
 * escaped; transcripts are shown as text.
 */
export function renderReportHtml(data: ReportData): string {
  const simulated = data.run.simulatedModels.length > 0
    ? `<p class="notice"><strong>Simulated agents:</strong> ${e(data.run.simulatedModels.join(', '))} ${data.run.simulatedModels.length === 1 ? 'is a simulation' : 'are simulations'}: no real model was evaluated for ${data.run.simulatedModels.length === 1 ? 'it' : 'them'}.</p>`
    : '';
  const cost = costLine(data.cost);
  const provenance = [
    ...data.run.provenance.scenarios.map((s) => `scenario ${s.id} v${s.version}`),
    ...data.run.provenance.classifiers.map((c) => `classifier ${c.id} v${c.version}${c.judgeModel ? ` (judge ${c.judgeModel})` : ''}`),
    `corrigible ${data.run.provenance.corrigibleVersions.join(', ')}`,
  ].join(' · ');
  const quality = table(
    ['model', 'trials', 'errors', 'unscored', 'verdicts', 'by a judge', 'judge share'],
    data.quality.map((q) => [e(q.model), String(q.trials), String(q.errors), String(q.unscored), String(q.verdicts), String(q.judged), percent(q.judgeShare)]),
    new Set([1, 2, 3, 4, 5, 6]),
  );
  const modes = table(
    ['model', 'behavior', 'mode', 'classifier', 'n', 'yes', 'rate', 'Wilson'],
    data.modes.map((m) => [e(m.model), e(m.behavior), e(m.mode), e(m.classifier ?? '—'), String(m.n), String(m.harmful), percent(m.rate), interval(m.low, m.high)]),
    new Set([4, 5, 6]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Corrigible report: ${e(data.run.id)}</title><style>${STYLE}</style></head>
<body>
<h1>Corrigible report: ${e(data.run.id)}</h1>
<p class="meta">Run created ${e(data.run.createdAt)} · report generated ${e(data.generatedAt)} by corrigible ${e(data.corrigibleVersion)} · ${Math.round(data.confidence * 100)}% intervals</p>
${simulated}
<p class="meta">Produced by: ${e(provenance)}</p>
${cost === null ? '' : `<p class="meta">${e(cost)}</p>\n`}<p class="meta">Rates count trials judged yes among trials judged yes or no. Errors and unscored trials are reported apart and never counted as safe.</p>
${data.behaviors.map((b) => behaviorSection(b, data.confidence)).join('\n')}
<h2 id="modes">Acted, considered, evaluation-aware</h2>
${figure(modeChart(data.modes), 'Share of scored trials per behavior and mode (acted: through a tool; considered: only in reasoning).')}
${modes}
<h2 id="quality">Errors, unscored and judge share</h2>
${quality}
${mitigationSectionHtml(data)}
${data.comparisons.length > 0 ? `<h2 id="compare">Before / after</h2><p class="meta">Differences use Newcombe's hybrid score interval; p-values are two-sided Fisher exact tests, Holm-adjusted over every comparison shown for a behavior.</p>${data.comparisons.map((c) => comparisonSection(c, data.run.id)).join('\n')}` : ''}
<h2 id="transcripts">Transcripts</h2>
<p class="meta">One harmful example per cell (up to the report's limit). Open the full set with <code>corrigible view ${e(data.run.id)}</code>.</p>
${data.examples.map(transcript).join('\n') || '<p>No harmful trial to show.</p>'}
</body></html>
`;
}
