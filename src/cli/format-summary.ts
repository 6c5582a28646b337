import type { ClassifyRunResult } from '../engine/classify/classify-run.js';
import type { CostPart, RunCost } from '../engine/stats/run-cost.js';
import { classifierLabel, type RunSummary } from '../engine/stats/summarize-run.js';
import type { SummaryRow } from '../engine/stats/summarize.js';
import { formatTable } from './format-table.js';

const pct = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function rowCells(row: SummaryRow, label: string): string[] {
  return [
    row.model,
    label,
    String(row.n),
    String(row.harmful),
    pct(row.rate),
    row.low === null || row.high === null ? '—' : `${pct(row.low)} – ${pct(row.high)}`,
    String(row.unscored),
    String(row.errors),
  ];
}

/**
 * The end-of-run report: per behavior, a model × condition table and per-model totals. Errors and
 * unscored trials have their own columns and are outside every rate.
 */
export function formatSummary(summary: RunSummary): string {
  const ci = `${Math.round(summary.confidence * 100)}% CI (Wilson)`;
  const columns = [
    { header: 'model' },
    { header: 'condition' },
    { header: 'n', align: 'right' as const },
    { header: 'harmful', align: 'right' as const },
    { header: 'rate', align: 'right' as const },
    { header: ci, align: 'right' as const },
    { header: 'unscored', align: 'right' as const },
    { header: 'errors', align: 'right' as const },
  ];
  const out: string[] = [];
  for (const behavior of summary.behaviors) {
    const by = classifierLabel(behavior.classifier);
    const scored = behavior.byModel.reduce((sum, r) => sum + r.n, 0);
    if (scored === 0) {
      // A table of dashes says less than one line: nothing was decided, and why.
      const unscored = behavior.byModel.reduce((sum, r) => sum + r.unscored, 0);
      out.push(`\n${behavior.behavior} (${behavior.mode}) — run "${summary.runId}" — ${by}: no trial scored (${unscored} unscored; a judge decides them: set classify.judge or run \`corrigible classify --judge\`)`);
      continue;
    }
    out.push(`\n${behavior.behavior} (${behavior.mode}) — run "${summary.runId}" — ${by}\n`);
    out.push(formatTable(columns, behavior.rows.map((r) => rowCells(r, r.conditionId))));
    if (behavior.rows.length > 1) {
      out.push('');
      out.push(formatTable(columns, behavior.byModel.map((r) => rowCells(r, 'all conditions'))));
    }
    if (behavior.variantSpread.length > 0) {
      out.push('\nspread of the rate across prompt variants of the same condition:\n');
      out.push(
        formatTable(
          [{ header: 'model' }, { header: 'condition (unvaried)' }, { header: 'wordings', align: 'right' as const }, { header: 'lowest', align: 'right' as const }, { header: 'highest', align: 'right' as const }, { header: 'spread', align: 'right' as const }],
          behavior.variantSpread.map((v) => [v.model, v.cellId, String(v.conditions), pct(v.minRate), pct(v.maxRate), pct(v.spread)]),
        ),
      );
    }
  }
  out.push('\nn = trials scored yes or no. Errors and unscored trials are excluded from rates; re-run the same command to retry errors.');
  const { provenance } = summary;
  out.push(
    `Produced by: ${[
      ...provenance.scenarios.map((s) => `scenario ${s.id} v${s.version}`),
      ...provenance.classifiers.map(classifierLabel),
      ...provenance.corrigibleVersions.map((v) => `corrigible ${v}`),
    ].join(' · ')}`,
  );
  if (summary.simulatedModels.length > 0) {
    out.push(
      `NOTE: ${summary.simulatedModels.join(', ')} ${summary.simulatedModels.length === 1 ? 'is a simulated agent' : 'are simulated agents'}: no real model was evaluated for ${summary.simulatedModels.length === 1 ? 'it' : 'them'}. See docs/sim.md.`,
    );
  }
  return out.join('\n');
}

const usd = (value: number): string => `$${value.toFixed(4)}`;
const tokens = (value: number): string => value.toLocaleString('en-US');

/** The end line of `classify`: what this pass's judge calls used and cost, or that the judge has no price. */
export function formatJudgeCost(judge: { id: string; simulated: boolean }, result: Pick<ClassifyRunResult, 'judgeUsage' | 'judgeCostUsd'>): string {
  const { calls, inputTokens, outputTokens } = result.judgeUsage;
  const cost = judge.simulated
    ? 'none (simulated judge)'
    : result.judgeCostUsd === null
      ? `unknown: no price known for ${judge.id} (not counted as free; set "price" for it in the run's config)`
      : usd(result.judgeCostUsd);
  return `  judge calls: ${calls} (${tokens(inputTokens)} input, ${tokens(outputTokens)} output tokens) · cost ${cost}`;
}

function costCell(part: CostPart): string {
  if (part.simulated) return 'simulated';
  if (part.price === null) return 'unpriced';
  if (part.costUsd === null) return 'unknown';
  return usd(part.costUsd);
}

function partRow(model: string, by: string, part: CostPart): string[] {
  const unknown = part.unknownUsage > 0 ? ` (${part.unknownUsage} unknown)` : '';
  const u = part.usage;
  return [model, by, `${part.count}${unknown}`, tokens(u.calls), tokens(u.inputTokens), tokens(u.cachedInputTokens), tokens(u.outputTokens), tokens(u.reasoningTokens), costCell(part)];
}

/**
 * The cost block of `summary`: per model, its agent calls, each judge's calls on its trials and their
 * total, priced from the store alone. Nothing when every model called was simulated. Unpriced models and
 * usage never stored are named under the table: they are outside the totals, never counted as free.
 */
export function formatRunCost(cost: RunCost): string {
  const parts = cost.models.flatMap((m) => [m.agent, ...m.judges]);
  if (parts.every((p) => p.simulated)) return '';
  const rows: string[][] = [];
  for (const m of cost.models) {
    rows.push(partRow(m.model, 'agent', m.agent));
    for (const judge of m.judges) rows.push(partRow(m.model, `judge ${judge.model}`, judge));
    if (m.judges.length > 0) rows.push([m.model, 'total', '', '', '', '', '', '', `${m.complete ? '' : 'at least '}${usd(m.totalUsd)}`]);
  }
  const table = formatTable(
    [
      { header: 'model' },
      { header: 'calls by' },
      { header: 'trials / verdicts', align: 'right' },
      { header: 'calls', align: 'right' },
      { header: 'input tokens', align: 'right' },
      { header: 'cached input', align: 'right' },
      { header: 'output tokens', align: 'right' },
      { header: 'reasoning', align: 'right' },
      { header: 'cost (USD)', align: 'right' },
    ],
    rows,
  );
  const out = [`\n\ncost of run "${cost.runId}" (what the store holds: every trial, errors included, and every judge call):\n`, table];
  out.push(`total: ${cost.complete ? '' : 'at least '}${usd(cost.totalUsd)}`);
  if (cost.unpriced.length > 0) out.push(`no price known for ${cost.unpriced.join(', ')}: not in the total and not free; set "price" for them in the config`);
  if (cost.unknownUsage.length > 0) out.push(`usage not stored (not in the total): ${cost.unknownUsage.join('; ')}`);
  return out.join('\n');
}
