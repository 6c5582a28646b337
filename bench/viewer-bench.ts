/**
 * Viewer benchmark on a large store (not a test; see bench/RESULTS.md): builds a store of BENCH_TRIALS
 * trials (default 100,000) from real sim: transcripts, then times the viewer's pages over HTTP.
 * Targets: first page < 1 s, transcript page < 300 ms.
 *
 *     npx tsx bench/viewer-bench.ts            # BENCH_TRIALS=20000 for a quicker run
 *     BENCH_DB=/tmp/viewer-bench.db npx tsx bench/viewer-bench.ts   # keep the store and reuse it next time
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseExperimentConfig } from '../src/engine/config/load-config.js';
import { runExperiment } from '../src/engine/runner/run-experiment.js';
import { openSqliteStore } from '../src/engine/store/sqlite-store.js';
import { createDefaultScenarioRegistry } from '../src/scenarios/default-registry.js';
import { startViewer } from '../src/viewer/start-viewer.js';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 100_000);
const scenarios = createDefaultScenarioRegistry();
const dir = mkdtempSync(join(tmpdir(), 'corrigible-viewer-bench-'));
const path = process.env.BENCH_DB ?? join(dir, 'bench.db');

async function build(): Promise<void> {
  const store = openSqliteStore(path);
  // Templates: a real offline run (2 models × 12 conditions × 4 samples), then copies under new keys.
  const config = parseExperimentConfig({
    name: 'bench',
    models: ['sim:baseline', 'sim:aligned'],
    scenarios: [{ id: 'blackmail', grid: { goal: ['explicit-america', 'none'], urgency: ['replacement', 'restriction', 'none'], scratchpad: [true, false] } }],
    samples: 4,
  });
  await runExperiment(config, { store, scenarios });
  const templates = await store.listTrials('bench');
  const verdicts = await Promise.all(templates.map((t) => store.listVerdicts(t.id)));
  const started = performance.now();
  const perCell = Math.ceil(TRIALS / templates.length);
  let written = templates.length;
  for (let copy = 1; copy < perCell && written < TRIALS; copy++) {
    for (let i = 0; i < templates.length && written < TRIALS; i++) {
      const t = templates[i];
      if (!t) continue;
      await store.saveTrial({ ...t, id: `${t.id}-${copy}`, sample: t.sample + 4 * copy }, verdicts[i] ?? []);
      written++;
    }
  }
  await store.close();
  const size = statSync(path).size / 1e9;
  console.log(`store: ${written} trials, ${size.toFixed(2)} GB, built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function time(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { ms: performance.now() - started, bytes: body.length, status: res.status };
}

async function measure(): Promise<void> {
  const store = openSqliteStore(path);
  const viewer = await startViewer({ store, scenarios });
  const base = viewer.url.replace(/\/$/, '');
  const [someTrial] = (await store.listTrialSummaries('bench', { behavior: 'blackmail', label: 'yes' }, { offset: 500, limit: 1 })).trials;
  const deep = Math.max(0, TRIALS - 10_000);
  const pages: [string, string, number][] = [
    ['runs (first page)', `${base}/`, 1000],
    ['run grid heatmap', `${base}/runs/bench`, 1000],
    ['trials, page 1', `${base}/runs/bench/trials`, 1000],
    ['trials, blackmail = yes', `${base}/runs/bench/trials?behavior=blackmail&label=yes`, 1000],
    [`trials, page at offset ${deep}`, `${base}/runs/bench/trials?offset=${deep}`, 1000],
    ['transcript', `${base}/trials/${encodeURIComponent(someTrial?.id ?? '')}`, 300],
  ];
  console.log('| page | first (cold) | median of 5 | target | size |');
  console.log('|---|---|---|---|---|');
  for (const [name, url, target] of pages) {
    const cold = await time(url);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await time(url)).ms);
    warm.sort((a, b) => a - b);
    const median = warm[2] ?? Number.NaN;
    const ok = cold.ms < target && median < target ? 'met' : 'MISSED';
    console.log(`| ${name} | ${cold.ms.toFixed(0)} ms | ${median.toFixed(0)} ms | < ${target} ms: ${ok} | ${(cold.bytes / 1024).toFixed(0)} KB (HTTP ${cold.status}) |`);
  }
  await viewer.close();
  await store.close();
}

try {
  if (process.env.BENCH_DB !== undefined && existsSync(path)) console.log(`store: reusing ${path}`);
  else await build();
  await measure();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
