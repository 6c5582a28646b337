import { escapeHtml as e } from '../core/escape-html.js';
import { z } from 'zod';
import type { Behavior, VerdictMode } from '../core/verdict.js';
import { classifierLabel } from '../engine/stats/summarize-run.js';
import { summarizeOutcomes, type SummaryRow } from '../engine/stats/summarize.js';
import { chooseClassifier, selectionOf } from '../engine/store/choose-classifier.js';
import type { RunClassifier, RunRecord, Store } from '../engine/store/store.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { heat, page, query } from './viewer-layout.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);

/** The first page: every run in the store, newest first. Reads run rows only. */
export function runsPage(base: string, runs: readonly RunRecord[]): string {
  const rows = [...runs]
    .reverse()
    .map((r) => `<tr><td><a href="${e(base)}/runs/${encodeURIComponent(r.id)}">${e(r.id)}</a></td><td>${e(r.createdAt)}</td><td>${e(r.updatedAt)}</td><td>${e(r.corrigibleVersion)}</td></tr>`)
    .join('');
  const body = runs.length === 0 ? '<p>No runs in this store yet. Run <code>corrigible run &lt;config&gt;</code> first.</p>' : `<table><thead><tr><th>run</th><th>created</th><th>updated</th><th>corrigible</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page('runs', base, `<h1>Runs</h1>${body}`);
}

function heatmap(base: string, runId: string, question: { behavior: Behavior; mode: VerdictMode; classifier: RunClassifier | undefined }, rows: readonly SummaryRow[]): string {
  const { behavior, mode, classifier } = question;
  const models = [...new Set(rows.map((r) => r.model))];
  const conditions = [...new Set(rows.map((r) => r.conditionId))];
  const byKey = new Map(rows.map((r) => [`${r.model}\u0000${r.conditionId}`, r]));
  const trials = (params: Record<string, string>) => `${e(base)}/runs/${encodeURIComponent(runId)}/trials${e(query(params))}`;
  const head = models.map((m) => `<th><a href="${trials({ model: m })}">${e(m)}</a></th>`).join('');
  const body = conditions
    .map((c) => {
      const cells = models
        .map((m) => {
          const row = byKey.get(`${m}\u0000${c}`);
          if (!row) return '<td class="heat">—</td>';
          const title = `${row.harmful}/${row.n} scored; ${row.unscored} unscored; ${row.errors} errors`;
          return `<td class="heat" style="${heat(row.rate)}" title="${e(title)}"><a href="${trials({ model: m, condition: c, behavior, ...(mode === 'acted' ? {} : { mode }), label: 'yes' })}">${pct(row.rate)} <span class="label">${row.harmful}/${row.n}</span></a></td>`;
        })
        .join('');
      return `<tr><td><a href="${trials({ condition: c })}">${e(c)}</a></td>${cells}</tr>`;
    })
    .join('');
  // Every rate names the one classifier whose verdicts it counts (the same the summary and report show).
  return `<h2>${e(behavior)}${mode === 'acted' ? '' : ` (${e(mode)})`}</h2><p class="label classifier">${e(classifierLabel(classifier))}</p><table class="grid"><thead><tr><th>condition</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const RunConfigSchema = z.object({
  experiment: z.object({ models: z.array(z.object({ id: z.string() })), scenarios: z.array(z.object({ id: z.string() })) }),
  simulatedModels: z.array(z.string()).default([]),
});

/**
 * A run: per behavior and mode, the model × condition heatmap of the classifier the summary counts (named
 * above it); each cell links to its harmful trials under that classifier. Only counts are read (one grouped
 * query per behavior over covering indexes), not provenance or transcripts, so the page stays fast on large runs.
 */
export async function runPage(base: string, store: Store, run: RunRecord, scenarios: ScenarioRegistry): Promise<string> {
  const config = RunConfigSchema.safeParse(run.config);
  const questions = new Map<string, { behavior: Behavior; mode: VerdictMode }>();
  const models = config.success ? config.data.experiment.models.map((m) => m.id) : [];
  for (const selection of config.success ? config.data.experiment.scenarios : []) {
    if (!scenarios.ids().includes(selection.id)) continue;
    for (const { behavior, mode } of scenarios.get(selection.id).detectors) questions.set(`${behavior}/${mode}`, { behavior, mode });
  }
  const stored = await store.runClassifiers(run.id);
  const maps: string[] = [];
  for (const { behavior, mode } of questions.values()) {
    const classifier = chooseClassifier(stored, behavior, mode);
    const rows = summarizeOutcomes(await store.countOutcomes(run.id, behavior, selectionOf(classifier, mode))).sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model));
    maps.push(heatmap(base, run.id, { behavior, mode, classifier }, rows));
  }
  const simulatedModels = config.success ? config.data.simulatedModels : [];
  const simulated = simulatedModels.length > 0 ? `<p class="notice">${e(simulatedModels.join(', '))}: simulated agents, no real model was evaluated.</p>` : '';
  const links = `<p><a href="${e(base)}/runs/${encodeURIComponent(run.id)}/trials">all trials</a></p>`;
  return page(`run ${run.id}`, base, `<h1>${e(run.id)}</h1>${simulated}${links}<p class="label">Cell: rate of yes among scored trials; click for its harmful trials.</p>${maps.join('')}`);
}
