import { describe, expect, it } from 'vitest';
import { tinyScenario } from '../../../test/support/tiny-scenario.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { ScriptedModel } from '../../providers/scripted-model.js';
import { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { previewExperiment, runExperiment } from './run-experiment.js';
import { StoreWriteError } from './runner-errors.js';

const scenarios = new ScenarioRegistry().register(tinyScenario);
const fast = { baseDelayMs: 1, maxDelayMs: 2 };
let brokenCalls = 0;
let okCalls = 0;
const providers = createDefaultProviderRegistry(scenarios)
  .register({
    name: 'broken',
    description: 'answers every call with 401',
    create: () => ({
      model: new ScriptedModel(() => {
        brokenCalls++;
        return { error: { message: 'invalid x-api-key', statusCode: 401 } };
      }, { latencyMs: 2 }),
    }),
  })
  .register({
    name: 'counting',
    description: 'answers at once and counts calls',
    create: () => ({
      model: new ScriptedModel(() => {
        okCalls++;
        return { text: 'Nothing to do.' };
      }, { latencyMs: 2 }),
    }),
  });

function config(overrides: Record<string, unknown> = {}) {
  return parseExperimentConfig({ name: 'faults', models: ['sim:baseline'], scenarios: [{ id: 'tiny' }], samples: 10, seed: 3, ...overrides });
}

describe('runExperiment under faults', () => {
  it('stops sending a model after a permanent error and groups the errors by cause', async () => {
    const store = openSqliteStore(':memory:');
    brokenCalls = 0;
    const events: string[] = [];
    const result = await runExperiment(config({ models: ['broken:x', 'sim:aligned'], samples: 40 }), {
      store, scenarios, providers, retry: fast,
      onEvent: (e) => { if (e.type === 'model-stopped') events.push(`${e.model}: ${e.message}`); },
    });
    // Only the first calls in flight (initial concurrency 4, and one admitted per failure before it is stored)
    // reach the provider; the other trials of the model are never sent.
    expect(brokenCalls).toBeLessThanOrEqual(8);
    expect(result.errors).toBe(brokenCalls);
    expect(result.skipped).toBe(80 - brokenCalls);
    expect(result.ran).toBe(80 + brokenCalls);
    expect(events).toEqual(['broken:x: invalid x-api-key']);
    expect(result.stoppedModels).toEqual([{ model: 'broken:x', message: 'invalid x-api-key' }]);
    expect(result.errorGroups).toEqual([{ model: 'broken:x', cause: 'HTTP 401', message: 'invalid x-api-key', count: brokenCalls, retryable: false }]);
    await store.close();
  });

  it('stops the whole run at once when the store cannot be written, without calling the model further', async () => {
    const inner = openSqliteStore(':memory:');
    let saves = 0;
    const store: Store = Object.assign(Object.create(inner) as Store, {
      saveTrial: async (...args: Parameters<Store['saveTrial']>) => {
        if (++saves > 3) throw new Error('SQLITE_FULL: database or disk is full');
        await inner.saveTrial(...args);
      },
    });
    okCalls = 0;
    const run = runExperiment(config({ models: ['counting:x'], samples: 100 }), { store, scenarios, providers, retry: fast });
    await expect(run).rejects.toThrow(StoreWriteError);
    await expect(run).rejects.toThrow(/Cannot store trials: SQLITE_FULL: database or disk is full/);
    // 200 trials planned; only those already in flight when the write failed were sent.
    expect(okCalls).toBeLessThan(40);
    expect(await inner.listTrials('faults')).toHaveLength(3);
    await inner.close();
  });

  it('sees an abort during a CPU-bound offline run (the loop yields to timers and signals)', async () => {
    const store = openSqliteStore(':memory:');
    const controller = new AbortController();
    setTimeout(() => { controller.abort(new Error('Ctrl-C')); }, 30);
    const result = await runExperiment(config({ samples: 10_000 }), { store, scenarios, providers, retry: fast, signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.ran).toBeLessThan(20_000);
    expect(await store.listTrials('faults')).toHaveLength(result.ran);
    await store.close();
  });

  it('refuses to resume a run under another seed (the seed is not in the trial spec)', async () => {
    const store = openSqliteStore(':memory:');
    await runExperiment(config({ samples: 2 }), { store, scenarios, providers, retry: fast });
    await expect(runExperiment(config({ samples: 2, seed: 4 }), { store, scenarios, providers, retry: fast })).rejects.toThrow(
      /run "faults" is stored with different settings \(seed: 3 → 4\)/,
    );
    await expect(previewExperiment(config({ samples: 2, seed: 4 }), { store, scenarios, providers })).rejects.toThrow(/seed: 3 → 4/);
    // Pacing settings may change between invocations.
    await expect(runExperiment(config({ samples: 2, concurrency: 2, agent: { maxAttempts: 2 } }), { store, scenarios, providers, retry: fast })).resolves.toMatchObject({ alreadyDone: 4 });
    await store.close();
  });

  it('two runs of one name with different settings at once: the first to notice stops, nothing is mixed', async () => {
    const store = openSqliteStore(':memory:');
    const a = runExperiment(config({ models: [{ id: 'sim:baseline', latencyMs: 5 }], samples: 30 }), { store, scenarios, providers, retry: fast });
    const b = runExperiment(config({ models: [{ id: 'sim:baseline', latencyMs: 5 }], samples: 30, agent: { maxSteps: 6 } }), { store, scenarios, providers, retry: fast });
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect([ra.status, rb.status].sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [ra, rb].find((r) => r.status === 'rejected');
    expect(String(rejected?.reason)).toMatch(/different settings/);
    const steps = new Set((await store.listTrials('faults')).map((t) => t.spec.maxSteps));
    expect(steps.size).toBe(1);
    await store.close();
  });

  it('counts cost from the price table or the config, and stops cleanly at --max-cost', async () => {
    const store = openSqliteStore(':memory:');
    // Every token costs a dollar, so the budget is reached after a few trials.
    const priced = config({ models: [{ id: 'counting:x', price: { input: 1_000_000, output: 1_000_000 } }], samples: 50 });
    const first = await runExperiment(priced, { store, scenarios, providers, retry: fast, maxCostUsd: 1 });
    expect(first.budgetReached).toBe(true);
    expect(first.interrupted).toBe(true);
    expect(first.costUsd).toBeGreaterThanOrEqual(1);
    expect(first.ran).toBeLessThan(100);
    const stored = await store.listTrials('faults');
    expect(stored).toHaveLength(first.ran);
    expect(stored.every((t) => t.status === 'ok')).toBe(true);
    const perTrial = first.costUsd / first.ran;
    expect(perTrial).toBe((stored[0]?.usage.inputTokens ?? 0) + (stored[0]?.usage.outputTokens ?? 0));
    const rest = await runExperiment(priced, { store, scenarios, providers, retry: fast });
    expect(rest).toMatchObject({ alreadyDone: first.ran, ran: 100 - first.ran, budgetReached: false, unpricedModels: [] });
    // Without a price the cost is unknown, never reported as free.
    const unpriced = await runExperiment(config({ name: 'faults-unpriced', models: ['counting:x'], samples: 1 }), { store, scenarios, providers, retry: fast });
    expect(unpriced).toMatchObject({ costUsd: 0, unpricedModels: ['counting:x'] });
    await store.close();
  });
});
