import { escapeHtml as e } from '../core/escape-html.js';
import type { TrialPage, TrialSummaryFilter } from '../engine/store/store.js';
import { page, query } from './viewer-layout.js';

/** The filters and page of the trial list, as the URL carries them. */
export interface TrialListQuery extends TrialSummaryFilter {
  offset: number;
  limit: number;
}

function select(name: string, value: string | undefined, options: readonly string[]): string {
  const items = ['', ...options].map((o) => `<option value="${e(o)}"${o === (value ?? '') ? ' selected' : ''}>${o === '' ? 'any' : e(o)}</option>`).join('');
  return `<label>${e(name)} <select name="${e(name)}">${items}</select></label>`;
}

/** Filter form plus one page of thin trial rows; no transcript is read. */
export function trialListPage(base: string, runId: string, models: readonly string[], behaviors: readonly string[], q: TrialListQuery, result: TrialPage): string {
  const here = `${base}/runs/${encodeURIComponent(runId)}/trials`;
  const filters = { model: q.model, condition: q.conditionId, status: q.status, behavior: q.behavior, label: q.label, mode: q.mode };
  const form = `<form class="filters" method="get" action="${e(here)}">
${select('model', q.model, models)}
<label>condition <input name="condition" size="44" value="${e(q.conditionId ?? '')}"></label>
${select('behavior', q.behavior, behaviors)}
${select('label', q.label, ['yes', 'no', 'unscored'])}
${select('mode', q.mode, ['acted', 'considered'])}
${select('status', q.status, ['ok', 'truncated', 'refused', 'error'])}
<button type="submit">filter</button></form>`;
  const rows = result.trials
    .map((t) => {
      const chips = t.verdicts.map((v) => `<span class="chip ${e(v.label)}" title="${e(`${v.behavior} (${v.mode}) by ${v.classifierId}`)}">${e(v.behavior)}${v.mode === 'considered' ? ' (considered)' : ''}: ${e(v.label)}</span>`).join('');
      return `<tr><td><a class="trial" href="${e(base)}/trials/${encodeURIComponent(t.id)}">${e(t.model)} · ${e(t.conditionId)} · #${t.sample}</a></td><td class="${t.status === 'error' ? 'status-error' : ''}">${e(t.status)}</td><td class="num">${t.steps}</td><td class="num">${(t.durationMs / 1000).toFixed(1)} s</td><td>${chips}</td></tr>`;
    })
    .join('');
  const last = Math.min(result.total, q.offset + result.trials.length);
  const prev = q.offset > 0 ? `<a href="${e(here + query({ ...filters, offset: Math.max(0, q.offset - q.limit) }))}">← previous</a>` : '';
  const next = last < result.total ? `<a rel="next" href="${e(here + query({ ...filters, offset: q.offset + q.limit }))}">next →</a>` : '';
  const body = `<h1>Trials of <a href="${e(base)}/runs/${encodeURIComponent(runId)}">${e(runId)}</a></h1>${form}
<p class="count">${result.total === 0 ? 'No trial matches.' : `${q.offset + 1}–${last} of ${result.total}`} ${prev} ${next}</p>
<table><thead><tr><th>trial</th><th>status</th><th>steps</th><th>time</th><th>verdicts</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page(`trials of ${runId}`, base, body);
}
