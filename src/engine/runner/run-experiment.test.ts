import { describe, expect, it } from 'vitest';
import { tinyScenario } from '../../../test/support/tiny-scenario.js';
import { ConfigError } from '../../core/errors.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { runExperiment, type RunEvent } from './run-experiment.js';

const scenarios = new ScenarioRegistry().register(tinyScenario);
const providers = createDefaultProviderRegistry(scenarios);
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

function config(overrides: Record<string, unknown> = {}) {
  return parseExperimentConfig({ name: 'tiny-run', models: ['sim:baseline', 'sim:aligned'], scenarios: [{ id: 'tiny' }], samples: 20, seed: 3, ...overrides });
}

describe('runExperiment', () => {
  it('runs every trial, classifies it, stores it and summarizes rates per model and condition', async () => {
    const store = openSqliteStore(':memory:');
    const events: RunEvent[] = [];
    const result = await runExperiment(config(), { store, scenarios, providers, retry: fast, onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ runId: 'tiny-run', planned: 80, alreadyDone: 0, ran: 80, errors: 0, interrupted: false, simulatedModels: ['sim:baseline', 'sim:aligned'] });
    expect(events[0]).toMatchObject({ type: 'start', planned: 80, toRun: 80 });
    expect(events.filter((e) => e.type === 'trial')).toHaveLength(80);
    const leak = result.summary.behaviors.find((b) => b.behavior === 'leak');
    // Rows follow the config's model order and the grid's order, not the alphabet.
    expect(leak?.rows.map((r) => `${r.model} ${r.conditionId}`)).toEqual(['sim:baseline tiny/high', 'sim:baseline tiny/low', 'sim:aligned tiny/high', 'sim:aligned tiny/low']);
    expect(leak?.byModel.map((r) => r.model)).toEqual(['sim:baseline', 'sim:aligned']);
    const row = (model: string, condition: string) => leak?.rows.find((r) => r.model === model && r.conditionId === condition);
    expect(row('sim:aligned', 'tiny/high')).toMatchObject({ n: 20, harmful: 0, errors: 0, unscored: 0 });
    const high = row('sim:baseline', 'tiny/high');
    const low = row('sim:baseline', 'tiny/low');
    expect(high?.n).toBe(20);
    // True rates are 0.8 and 0.1; with 20 samples the seeded draws land well apart.
    expect(high?.harmful ?? 0).toBeGreaterThan(low?.harmful ?? 20);
    expect(high?.low ?? 1).toBeLessThanOrEqual(0.8);
    expect(high?.high ?? 0).toBeGreaterThanOrEqual(0.8);
    // Every stored trial carries the spec that produced it.
    const [trial] = await store.listTrials('tiny-run', { model: 'sim:baseline', conditionId: 'tiny/high' });
    expect(trial?.spec).toMatchObject({ model: 'sim:baseline', scenarioId: 'tiny', scenarioVersion: '1', mode: 'tools', maxSteps: 12 });
    // The detector's own verdict and the cascade's final one (no judge configured: the detector decides).
    expect((await store.listVerdicts(trial?.id ?? '')).map((v) => v.classifierId)).toEqual(['tiny-leak', 'cascade:tiny-leak']);
    await store.close();
  });

  it('is deterministic for a seed and resumes without repeating or duplicating anything', async () => {
    const store = openSqliteStore(':memory:');
    const first = await runExperiment(config({ samples: 10 }), { store, scenarios, providers, retry: fast });
    const again = await runExperiment(config({ samples: 10 }), { store, scenarios, providers, retry: fast });
    expect(again).toMatchObject({ planned: 40, alreadyDone: 40, ran: 0 });
    expect(again.summary).toEqual(first.summary);
    // Extending the run adds only the new samples, and the old draws keep their outcomes.
    const extended = await runExperiment(config({ samples: 15 }), { store, scenarios, providers, retry: fast });
    expect(extended).toMatchObject({ planned: 60, alreadyDone: 40, ran: 20 });
    expect(await store.listTrials('tiny-run')).toHaveLength(60);
    const fresh = openSqliteStore(':memory:');
    const separately = await runExperiment(config({ samples: 15 }), { store: fresh, scenarios, providers, retry: fast });
    expect(separately.summary).toEqual(extended.summary);
    await store.close();
    await fresh.close();
  });

  it('stores provider failures as errors outside the rates and retries them on resume', async () => {
    const store = openSqliteStore(':memory:');
    const flaky = config({ models: ['sim:flaky'], samples: 40, agent: { maxAttempts: 1 } });
    const first = await runExperiment(flaky, { store, scenarios, providers, retry: fast });
    expect(first.errors).toBeGreaterThan(0);
    const rows = first.summary.behaviors[0]?.rows ?? [];
    const errorsInTable = rows.reduce((sum, r) => sum + r.errors, 0);
    expect(errorsInTable).toBe(first.errors);
    for (const r of rows) expect(r.n + r.unscored + r.errors).toBe(r.trials);
    const errored = await store.listTrials('tiny-run', { status: 'error' });
    expect(errored.every((t) => t.error?.retryable === true && t.error.statusCode === 503)).toBe(true);
    let retries = first.errors;
    let rounds = 0;
    while (retries > 0 && rounds < 20) {
      const next = await runExperiment(flaky, { store, scenarios, providers, retry: fast });
      expect(next.ran).toBe(retries);
      retries = next.errors;
      rounds++;
    }
    expect(retries).toBe(0);
    const all = await store.listTrials('tiny-run');
    expect(all).toHaveLength(80);
    expect(all.filter((t) => t.attempt > 1).length).toBe(first.errors);
    await store.close();
  });

  it('gives identical actions and verdicts in text mode and tools mode (blackmail, same seeds)', async () => {
    const blackmail = createDefaultScenarioRegistry();
    const registry = createDefaultProviderRegistry(blackmail);
    const outcomes = async (mode: 'tools' | 'text') => {
      const store = openSqliteStore(':memory:');
      const modeConfig = parseExperimentConfig({
        name: `parity-${mode}`,
        models: ['sim:baseline'],
        scenarios: [{ id: 'blackmail', grid: { goal: ['explicit-*'], urgency: ['replacement'], scratchpad: [true, false] } }],
        samples: 3,
        agent: { mode },
      });
      await runExperiment(modeConfig, { store, scenarios: blackmail, providers: registry, retry: fast });
      const trials = await store.listTrials(`parity-${mode}`);
      const rows = await Promise.all(
        trials.map(async (t) => ({
          key: `${t.conditionId}#${t.sample}`,
          status: t.status,
          actions: t.actions.map((a) => [a.tool, a.ok, a.input]),
          labels: (await store.listVerdicts(t.id)).map((v) => v.label),
        })),
      );
      await store.close();
      return rows;
    };
    const tools = await outcomes('tools');
    const text = await outcomes('text');
    expect(tools).toHaveLength(48);
    expect(text).toEqual(tools);
    // The comparison is only meaningful if both branches occurred.
    expect(tools.some((r) => r.labels.includes('yes'))).toBe(true);
    expect(tools.some((r) => r.labels.includes('no'))).toBe(true);
  });

  it('refuses to mix trials made with other settings into the same run', async () => {
    const store = openSqliteStore(':memory:');
    await runExperiment(config({ samples: 2 }), { store, scenarios, providers, retry: fast });
    await expect(runExperiment(config({ samples: 2, agent: { maxSteps: 5 } }), { store, scenarios, providers, retry: fast })).rejects.toThrow(
      /run "tiny-run" already holds trials of sim:baseline made with different settings \(maxSteps: 12 → 5\)/,
    );
    await store.close();
  });

  it('validates everything before touching the store', async () => {
    const store = openSqliteStore(':memory:');
    const bad = config({ scenarios: [{ id: 'tiny', grid: { pressure: ['hihg'] } }] });
    await expect(runExperiment(bad, { store, scenarios, providers })).rejects.toThrow(
      new ConfigError('scenarios[0].grid.pressure[0]', '"hihg" is not a value of tiny.pressure; expected one of: high, low'),
    );
    await expect(runExperiment(config({ scenarios: [{ id: 'tinny' }] }), { store, scenarios, providers })).rejects.toThrow('scenarios[0].id: unknown scenario "tinny"; available: tiny');
    await expect(runExperiment(config({ scenarios: [{ id: 'tiny', grid: { notise: [true] } }] }), { store, scenarios, providers })).rejects.toThrow(
      'scenarios[0].grid.notise: "notise" is not a variable of tiny; expected one of: pressure, notice',
    );
    expect(await store.listRuns()).toEqual([]);
    await store.close();
  });

  it('abandons in-flight trials on abort and stores only finished ones', async () => {
    const store = openSqliteStore(':memory:');
    const controller = new AbortController();
    const slow = config({ models: [{ id: 'sim:baseline', latencyMs: 20 }], samples: 50, concurrency: 4 });
    let stored = 0;
    const result = await runExperiment(slow, {
      store, scenarios, providers, retry: fast, signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'trial' && ++stored === 10) controller.abort(new Error('stop'));
      },
    });
    expect(result.interrupted).toBe(true);
    const trials = await store.listTrials('tiny-run');
    expect(trials.length).toBe(result.ran);
    expect(trials.length).toBeLessThan(100);
    expect(trials.every((t) => t.status === 'ok')).toBe(true);
    const resumed = await runExperiment(slow, { store, scenarios, providers, retry: fast });
    expect(resumed.alreadyDone + resumed.ran).toBe(100);
    expect(await store.listTrials('tiny-run')).toHaveLength(100);
    await store.close();
  });
});
