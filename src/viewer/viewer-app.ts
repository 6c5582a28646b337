import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { escapeHtml } from '../core/escape-html.js';
import { TrialStatusSchema } from '../core/trial.js';
import { BehaviorSchema, VerdictLabelSchema, VerdictModeSchema } from '../core/verdict.js';
import type { Store } from '../engine/store/store.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { runPage, runsPage } from './run-pages.js';
import { trialListPage } from './trial-list-page.js';
import { transcriptPage } from './transcript-page.js';

/** Options of createViewerApp. */
export interface ViewerAppOptions {
  store: Store;
  scenarios: ScenarioRegistry;
  /** The secret in every URL (`/t/<token>/…`); requests without it get 404. */
  token: string;
}

const PAGE_SIZE = 50;

const TrialQuerySchema = z.object({
  model: z.string().max(300).optional(),
  condition: z.string().max(500).optional(),
  status: TrialStatusSchema.optional(),
  behavior: BehaviorSchema.optional(),
  label: VerdictLabelSchema.optional(),
  mode: VerdictModeSchema.optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const RunConfigSchema = z.object({ experiment: z.object({ models: z.array(z.object({ id: z.string() })) }) });

/**
 * The pages are static HTML: no script may run (model output is untrusted), nothing is framed, nothing
 * is fetched from elsewhere, and the URL with its token is not sent on as a referrer.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Empty form fields arrive as `?model=`; they mean "any". */
function definedParams(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
}

/**
 * The viewer as a Hono app (no server): runs → grid heatmap → filtered, paged trial list → transcript.
 * Every page is rendered on the server from thin store reads; a transcript is read only on its own page.
 *
 * @example
 *     const app = createViewerApp({ store, scenarios, token: 'abc' });
 *     const res = await app.request('/t/abc/');
 */
export function createViewerApp(options: ViewerAppOptions): Hono {
  const { store, scenarios, token } = options;
  const base = `/t/${token}`;
  const app = new Hono();

  app.use('*', async (c, next) => {
    // DNS rebinding: a page on another origin that resolves to 127.0.0.1 still sends its own Host.
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost') return c.text('forbidden host', 403);
    const match = /^\/t\/([^/]+)(\/|$)/.exec(c.req.path);
    if (!match || !sameToken(match[1] ?? '', token)) return c.text('not found', 404);
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });

  app.get(`${base}/`, async (c) => c.html(runsPage(base, await store.listRuns())));
  app.get(base, (c) => c.redirect(`${base}/`));

  app.get(`${base}/runs/:run`, async (c) => {
    const runId = c.req.param('run');
    const run = await store.getRun(runId);
    if (!run) return c.html(`<p>No run named ${escapeHtml(runId)}.</p>`, 404);
    return c.html(await runPage(base, store, run, scenarios));
  });

  app.get(`${base}/runs/:run/trials`, async (c) => {
    const runId = c.req.param('run');
    const run = await store.getRun(runId);
    if (!run) return c.html(`<p>No run named ${escapeHtml(runId)}.</p>`, 404);
    const parsed = TrialQuerySchema.safeParse(definedParams(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.text(`bad filter ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, 400);
    }
    const q = parsed.data;
    const filter = {
      ...(q.model ? { model: q.model } : {}),
      ...(q.condition ? { conditionId: q.condition } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.behavior ? { behavior: q.behavior } : {}),
      ...(q.label ? { label: q.label } : {}),
      ...(q.mode ? { mode: q.mode } : {}),
    };
    const result = await store.listTrialSummaries(runId, filter, { offset: q.offset, limit: PAGE_SIZE });
    const config = RunConfigSchema.safeParse(run.config);
    const models = config.success ? config.data.experiment.models.map((m) => m.id) : [];
    return c.html(trialListPage(base, runId, models, BehaviorSchema.options, { ...filter, offset: q.offset, limit: PAGE_SIZE }, result));
  });

  app.get(`${base}/trials/:id`, async (c) => {
    const trial = await store.getTrial(c.req.param('id'));
    if (!trial) return c.text('no such trial', 404);
    return c.html(transcriptPage(base, trial, await store.listVerdicts(trial.id)));
  });

  app.notFound((c) => c.text('not found', 404));
  return app;
}

