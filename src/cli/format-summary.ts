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
