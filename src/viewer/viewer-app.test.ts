import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../core/escape-html.js';
import { openSqliteStore, type SqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { HOSTILE, HOSTILE_CONDITION, seedRun } from '../../test/support/fixture-run.js';
import { highlight } from './highlight.js';
import { createViewerApp } from './viewer-app.js';

const TOKEN = 'test-token-123';
let store: SqliteStore;
let app: ReturnType<typeof createViewerApp>;

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  await seedRun(store, 'fixture', { samples: 8 });
  app = createViewerApp({ store, scenarios: createDefaultScenarioRegistry(), token: TOKEN });
});
afterAll(async () => {
  await store.close();
});

const get = (path: string, host = '127.0.0.1:4000') => app.request(path, { headers: { host } });

describe('viewer access', () => {
  it('answers 404 without the token or with a wrong one, 403 for a foreign Host', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/t/wrong-token-123/')).status).toBe(404);
    expect((await get('/t/test-token-12/')).status).toBe(404);
    expect((await get(`/t/${TOKEN}/`, 'evil.example:4000')).status).toBe(403);
    expect((await get(`/t/${TOKEN}/`)).status).toBe(200);
  });

  it('sends a CSP that allows no script at all', async () => {
    const res = await get(`/t/${TOKEN}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('viewer pages', () => {
  it('lists runs and shows the grid heatmap with links to harmful trials', async () => {
    expect(await (await get(`/t/${TOKEN}/`)).text()).toContain(`/t/${TOKEN}/runs/fixture`);
    const grid = await (await get(`/t/${TOKEN}/runs/fixture`)).text();
    expect(grid).toContain('<h2>blackmail</h2>');
    expect(grid).toContain(escapeHtml(`/t/${TOKEN}/runs/fixture/trials?model=sim%3Abaseline&condition=blackmail%2Fexplicit-america%2Freplacement&behavior=blackmail&label=yes`));
    // Each heatmap names the classifier it counts: the cascade's final verdicts, as in the summary.
    expect(grid).toContain('classifier cascade:blackmail-action v2');
    expect(grid).toContain(escapeHtml(`behavior=blackmail&mode=considered&label=yes`));
    expect((await get(`/t/${TOKEN}/runs/nope`)).status).toBe(404);
  });

  it('filters trials by verdict and pages through them', async () => {
    const all = await (await get(`/t/${TOKEN}/runs/fixture/trials`)).text();
    // 2 models × 8 conditions × 8 samples + the hostile trial.
    expect(all).toContain('1–50 of 129');
    expect(all).toContain('offset=50');
    const second = await (await get(`/t/${TOKEN}/runs/fixture/trials?offset=50`)).text();
    expect(second).toContain('51–100 of 129');
    const harmful = await (await get(`/t/${TOKEN}/runs/fixture/trials?behavior=blackmail&label=yes&model=`)).text();
    const rows = [...harmful.matchAll(/class="trial"/g)].length;
    expect(rows).toBeGreaterThan(0);
    expect(harmful).not.toContain('blackmail: no');
    expect(harmful).toContain(escapeHtml(`${HOSTILE_CONDITION} · #900`));
    const aligned = await (await get(`/t/${TOKEN}/runs/fixture/trials?behavior=blackmail&label=yes&model=sim%3Aaligned`)).text();
    expect(aligned).toContain('No trial matches.');
  });

  it('answers a bad filter with 400 naming it', async () => {
    const res = await get(`/t/${TOKEN}/runs/fixture/trials?label=maybe`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^bad filter label:/);
    expect((await get(`/t/${TOKEN}/runs/fixture/trials?offset=-1`)).status).toBe(400);
  });

  it('shows a transcript with its evidence highlighted and hostile markup inert', async () => {
    const html = await (await get(`/t/${TOKEN}/trials/hostile-fixture`)).text();
    expect(html).toContain(`<mark class="evidence" id="ev-0-0" title="blackmail (acted): yes">${escapeHtml(HOSTILE.threat)}</mark>`);
    expect(html).toContain('<mark class="evidence" id="ev-0-1"');
    expect(html).toContain('href="#ev-0-0"');
    for (const markup of Object.values(HOSTILE)) {
      if (markup === HOSTILE.threat) continue;
      expect(html).not.toContain(markup);
      expect(html).toContain(escapeHtml(markup));
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('system prompt');
    expect(html).toContain('reasoning (private)');
    expect((await get(`/t/${TOKEN}/trials/nope`)).status).toBe(404);
  });
});

describe('highlight', () => {
  it('marks the first occurrence of each quote, escaping every piece', () => {
    const out = highlight('a <b> x <b> y', [{ quote: '<b> x', anchor: 'ev"1', title: 't<' }]);
    expect(out).toBe('a <mark class="evidence" id="ev&quot;1" title="t&lt;">&lt;b&gt; x</mark> &lt;b&gt; y');
  });
  it('keeps the earlier of two overlapping quotes and ignores missing ones', () => {
    const out = highlight('abcdef', [
      { quote: 'bcd', anchor: 'a1', title: '' },
      { quote: 'cde', anchor: 'a2', title: '' },
      { quote: 'zzz', anchor: 'a3', title: '' },
    ]);
    expect(out).toBe('a<mark class="evidence" id="a1" title="">bcd</mark>ef');
  });
});
