import { escapeHtml as e } from '../core/escape-html.js';
import { summarizeRun } from '../engine/stats/summarize-run.js';
import type { SummaryRow } from '../engine/stats/summarize.js';
import type { RunRecord, Store } from '../engine/store/store.js';
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

function heatmap(base: string, runId: string, behavior: string, rows: readonly SummaryRow[]): string {
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
          return `<td class="heat" style="${heat(row.rate)}" title="${e(title)}"><a href="${trials({ model: m, condition: c, behavior, label: 'yes' })}">${pct(row.rate)} <span class="label">${row.harmful}/${row.n}</span></a></td>`;
        })
        .join('');
      return `<tr><td><a href="${trials({ condition: c })}">${e(c)}</a></td>${cells}</tr>`;
    })
    .join('');
  return `<h2>${e(behavior)}</h2><table class="grid"><thead><tr><th>condition</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A run: per behavior, the model × condition heatmap; each cell links to its harmful trials. */
export async function runPage(base: string, store: Store, runId: string, scenarios: ScenarioRegistry): Promise<string> {
  const summary = await summarizeRun(store, runId, scenarios);
  const simulated = summary.simulatedModels.length > 0 ? `<p class="notice">${e(summary.simulatedModels.join(', '))}: simulated agents, no real model was evaluated.</p>` : '';
  const links = `<p><a href="${e(base)}/runs/${encodeURIComponent(runId)}/trials">all trials</a></p>`;
  const maps = summary.behaviors.map((b) => heatmap(base, runId, b.behavior, b.rows)).join('');
  return page(`run ${runId}`, base, `<h1>${e(runId)}</h1>${simulated}${links}<p class="label">Cell: rate of yes among scored trials; click for its harmful trials.</p>${maps}`);
}
