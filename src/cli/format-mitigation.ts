import type { MitigationComparison } from '../engine/mitigate/compare/compare-arms.js';
import { formatTable } from './format-table.js';

const pct = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const signed = (value: number | null): string => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${(Math.abs(value) * 100).toFixed(1)} pp`);
const pValue = (p: number | null): string => (p === null ? '—' : p < 0.0001 ? '<0.0001' : p.toFixed(4));

/**
 * The before/after section: per behavior and mode (acted unless more were asked) and arm, the baseline and mitigated rates, their difference with
 * Newcombe's interval, Fisher's exact test (Holm-adjusted) and how often the agent escalated.
 */
export function formatMitigation(comparison: MitigationComparison, simulatedModels: readonly string[]): string {
  const ci = `${Math.round(comparison.confidence * 100)}% CI (Newcombe)`;
  const columns = [
    { header: 'arm' },
    { header: 'model' },
    { header: 'before', align: 'right' as const },
    { header: 'after', align: 'right' as const },
    { header: 'difference', align: 'right' as const },
    { header: ci, align: 'right' as const },
    { header: 'p (Fisher, Holm)', align: 'right' as const },
    { header: 'escalated', align: 'right' as const },
  ];
  const out: string[] = [];
  const questions = [...new Map(comparison.rows.map((r) => [`${r.behavior} (${r.mode})`, r])).entries()];
  for (const [title, question] of questions) {
    out.push(`\nbefore/after: ${title}\n`);
    const rows = comparison.rows
      .filter((r) => r.behavior === question.behavior && r.mode === question.mode)
      .map((r) => [
        r.kind === 'prompt' ? `+mitigation:${r.arm}` : 'model',
        r.kind === 'prompt' ? r.model : `${r.baselineModel} → ${r.model}`,
        `${pct(r.baseline.rate)} (${r.baseline.harmful}/${r.baseline.n})`,
        `${pct(r.mitigated.rate)} (${r.mitigated.harmful}/${r.mitigated.n})`,
        signed(r.difference),
        r.low === null || r.high === null ? '—' : `${signed(r.low)} … ${signed(r.high)}`,
        pValue(r.adjustedP),
        `${r.escalations.baseline.escalated} → ${r.escalations.mitigated.escalated}`,
      ]);
    out.push(formatTable(columns, rows));
  }
  out.push('\nbefore = the same model on the plain conditions (for model arms, the base model); after − before < 0 means the mitigation lowered the rate.');
  out.push('escalated = trials in which the agent used the escalation channel (before → after).');
  const simulated = comparison.rows.some((r) => simulatedModels.includes(r.model) || simulatedModels.includes(r.baselineModel));
  if (simulated) out.push('NOTE: simulated agents are in this comparison: their response to mitigations is a documented profile (docs/mitigation-lab.md), not a measurement of any real model.');
  return out.join('\n');
}
