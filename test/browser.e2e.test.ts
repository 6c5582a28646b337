import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../src/engine/config/load-config.js';
import { runExperiment } from '../src/engine/runner/run-experiment.js';
import { openSqliteStore, type SqliteStore } from '../src/engine/store/sqlite-store.js';
import { buildReportData } from '../src/report/report-data.js';
import { renderReportHtml } from '../src/report/render-html.js';
import { createDefaultScenarioRegistry } from '../src/scenarios/default-registry.js';
import { startViewer, type RunningViewer } from '../src/viewer/start-viewer.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';
import { HOSTILE, seedRun } from './support/fixture-run.js';

// Browser tests: playwright-core driving Debian's chromium (see docs/viewer.md). In CI a missing browser
// fails here; on a developer machine without it they are skipped with a note.
const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const QUICKSTART = fileURLToPath(new URL('../examples/quickstart.yaml', import.meta.url));
const scenarios = createDefaultScenarioRegistry();

/** Runs in the page; this project's TypeScript has no DOM types, so the page's globals are declared here. */
interface PageGlobals {
  document: { getElementById(id: string): unknown };
  getComputedStyle(element: unknown): { backgroundColor: string };
}
const COMPUTED_BACKGROUND = (id: string): string => {
  const page = globalThis as unknown as PageGlobals;
  return page.getComputedStyle(page.document.getElementById(id)).backgroundColor;
};

describe.runIf(chromiumAvailable())('in chromium', () => {
  let dir: string;
  let store: SqliteStore;
  let viewer: RunningViewer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corrigible-browser-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    store = openSqliteStore(join(dir, 'store.db'));
    await seedRun(store, 'fixture');
    viewer = await startViewer({ store, scenarios });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    await viewer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('viewer: run → trials filtered to blackmail = yes → transcript with the evidence highlighted and no script run', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(viewer.url);
    await page.getByRole('link', { name: 'fixture' }).click();
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('blackmail');
    await page.getByRole('link', { name: 'all trials' }).click();
    await page.selectOption('select[name="behavior"]', 'blackmail');
    await page.selectOption('select[name="label"]', 'yes');
    await page.getByRole('button', { name: 'filter' }).click();
    await page.waitForURL(/behavior=blackmail/);
    // Each listed trial's blackmail (acted) chip reads yes, from the classifier the rates count: the
    // cascade's final verdict (other chips show the other questions the detectors score).
    const chips = page.locator('span.chip[title^="blackmail (acted)"]');
    expect(await chips.count()).toBe(await page.locator('a.trial').count());
    expect(await chips.count()).toBeGreaterThan(0);
    expect((await chips.allTextContents()).every((c) => c === 'blackmail: yes')).toBe(true);
    const titles = await Promise.all(Array.from({ length: await chips.count() }, (_, i) => chips.nth(i).getAttribute('title')));
    expect(titles.every((t) => t === 'blackmail (acted) by cascade:blackmail-action')).toBe(true);

    await page.locator('a.trial', { hasText: '#900' }).click();
    expect(await page.locator('mark.evidence').count()).toBe(2);
    const mark = page.locator('mark#ev-0-0');
    expect(await mark.textContent()).toBe(HOSTILE.threat);
    expect(await mark.isVisible()).toBe(true);
    expect(await page.evaluate(COMPUTED_BACKGROUND, 'ev-0-0')).toBe('rgb(255, 213, 79)');
    // The hostile markup is on the page as text, and none of it ran or became an element.
    expect(await page.locator('body').textContent()).toContain(HOSTILE.script);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('main script, main img, a[href^="javascript:"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-transcript.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('report of the offline demo: opens from disk with no console error and no network request', async () => {
    const demo = openSqliteStore(join(dir, 'demo.db'));
    let file: string;
    try {
      await runExperiment(loadExperimentConfig(QUICKSTART), { store: demo, scenarios });
      file = join(dir, 'report.html');
      writeFileSync(file, renderReportHtml(await buildReportData(demo, 'quickstart', scenarios)));
    } finally {
      await demo.close();
    }
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('h1').textContent()).toBe('Corrigible report: quickstart');
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });
});
