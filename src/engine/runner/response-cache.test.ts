import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from '../../../test/fakes/openai-compatible-server.js';
import type { FakeServer, FakeTurn, RecordedRequest } from '../../../test/fakes/fake-turn.js';
import { tinyScenario } from '../../../test/support/tiny-scenario.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { runExperiment, type RunExperimentOptions } from './run-experiment.js';

const KEY = 'sk-cache-test-secret-0123456789';
const scenarios = new ScenarioRegistry().register(tinyScenario);
const providers = createDefaultProviderRegistry(scenarios);
const dir = mkdtempSync(join(tmpdir(), 'corrigible-cache-'));
let servers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** The step a request is for: one assistant turn per earlier step. */
function stepOf(request: RecordedRequest): number {
  const body = request.body as { messages: { role: string }[] };
  return body.messages.filter((m) => m.role === 'assistant').length;
}

const replies: FakeTurn[] = [
  { reasoning: 'Look first.', toolCalls: [{ name: 'read_inbox', input: {} }] },
  { text: 'Answering.', toolCalls: [{ name: 'send_email', input: { to: 'boss@corp.example', subject: 'Status', body: 'Done.' } }] },
  { text: 'Finished.' },
];

/** A fake whose third request fails (400, not retried) while `failThird` says so. */
async function fakeModel(state: { failThird: boolean }): Promise<FakeServer> {
  const server = await startOpenAICompatibleServer({
    apiKey: KEY,
    turns: (request) => {
      const step = stepOf(request);
      if (step === 2 && state.failThird) return { fault: 'server-error', status: 400 };
      return replies[step] ?? { text: 'Finished.' };
    },
  });
  servers.push(server);
  return server;
}

function config(server: FakeServer, samples = 1) {
  return parseExperimentConfig({
    name: 'cached',
    models: [{ id: 'openai-compatible:fake', baseURL: server.baseURL, apiKeyEnv: 'FAKE_KEY' }],
    scenarios: [{ id: 'tiny', conditions: ['tiny/high'] }],
    samples,
    seed: 1,
  });
}

async function run(server: FakeServer, db: string, options: Partial<RunExperimentOptions> = {}, samples = 1) {
  return runExperiment(config(server, samples), {
    scenarios, providers, storePath: db, env: { FAKE_KEY: KEY }, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 }, ...options,
  });
}

async function storedTrials(db: string) {
  const store = openSqliteStore(db, { readOnly: true });
  try {
    const trials = [];
    for (const entry of (await store.trialIndex('cached')).values()) trials.push(await store.getTrial(entry.id));
    return trials;
  } finally {
    await store.close();
  }
}

function sameIds(value: unknown): string {
  return JSON.stringify(value).replace(/call_[A-Za-z0-9]+/g, 'call_ID');
}

describe('response cache', () => {
  it('replays the steps before an error on resume, so the transcript equals an uninterrupted run', async () => {
    const state = { failThird: true };
    const server = await fakeModel(state);
    const db = join(dir, 'resume.db');
    const first = await run(server, db);
    expect(first.errors).toBe(1);
    expect(server.requests.map(stepOf)).toEqual([0, 1, 2]);

    state.failThird = false;
    const second = await run(server, db);
    expect(second.errors).toBe(0);
    // Steps 1 and 2 come from the cache: only the failed third request is sent again.
    expect(server.requests.map(stepOf)).toEqual([0, 1, 2, 2]);
    const [resumed] = await storedTrials(db);
    expect(resumed?.status).toBe('ok');
    expect(resumed?.usage).toMatchObject({ calls: 1, cachedCalls: 2 });

    const clean = await fakeModel({ failThird: false });
    const cleanDb = join(dir, 'clean.db');
    await run(clean, cleanDb);
    const [uninterrupted] = await storedTrials(cleanDb);
    expect(uninterrupted?.usage.calls).toBe(3);
    expect(uninterrupted?.usage.cachedCalls).toBeUndefined();
    // The fake draws fresh call ids per server; everything else must be identical.
    expect(sameIds({ t: resumed?.transcript, a: resumed?.actions })).toBe(sameIds({ t: uninterrupted?.transcript, a: uninterrupted?.actions }));
    expect(resumed?.transcript).toHaveLength(7);

    // The key travels in a header only: it is nowhere in the store file (WAL checkpointed first).
    const raw = new Database(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const entries = raw.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number };
    raw.close();
    expect(entries.n).toBe(3);
    expect(readFileSync(db).includes(Buffer.from(KEY))).toBe(false);
  });

  it('sends every request again with cache: false (--no-cache)', async () => {
    const state = { failThird: true };
    const server = await fakeModel(state);
    const db = join(dir, 'nocache.db');
    await run(server, db, { cache: false });
    state.failThird = false;
    await run(server, db, { cache: false });
    expect(server.requests.map(stepOf)).toEqual([0, 1, 2, 0, 1, 2]);
    const [trial] = await storedTrials(db);
    expect(trial?.usage).toMatchObject({ calls: 3 });
    expect(trial?.usage.cachedCalls).toBeUndefined();
  });

  it('never serves one sample the answers cached for another', async () => {
    const server = await fakeModel({ failThird: false });
    const db = join(dir, 'samples.db');
    await run(server, db, {}, 1);
    expect(server.requests).toHaveLength(3);
    // Sample 1 is new: identical requests, but it is an independent draw, so all three calls are sent.
    await run(server, db, {}, 2);
    expect(server.requests).toHaveLength(6);
    const trials = await storedTrials(db);
    expect(trials.map((t) => t?.usage.cachedCalls ?? 0)).toEqual([0, 0]);
  });

  it('is not used by simulated models', async () => {
    const db = join(dir, 'sim.db');
    await runExperiment(parseExperimentConfig({ name: 'sim', models: ['sim:baseline'], scenarios: [{ id: 'tiny' }], samples: 2, seed: 1 }), { scenarios, providers, storePath: db });
    const raw = new Database(db, { readonly: true });
    const entries = raw.prepare('SELECT count(*) AS n FROM response_cache').get() as { n: number };
    raw.close();
    expect(entries.n).toBe(0);
  });
});
