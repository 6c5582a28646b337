import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { runExperiment } from '../runner/run-experiment.js';
import { createConcurrencyScheduler, type Scheduler } from '../runner/scheduler.js';
import { summarizeRun } from '../stats/summarize-run.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { classifyRun } from './classify-run.js';
import { resolveJudge } from './resolve-judge.js';
import type { JudgeRuntime } from './judge.js';
import { costOf, priceFor, type Price } from '../../providers/pricing.js';
import type { RunRecord } from '../store/store.js';
import { ScriptedModel } from '../../providers/scripted-model.js';
import { summarizeRunCost } from '../stats/run-cost.js';

const scenarios = createDefaultScenarioRegistry();
const noAnswer = JSON.stringify({ label: 'no', evidence: [], explanation: 'Nothing of the kind.' });
// A judge that is not simulated (so it has a cost) but answers offline, like a hosted model would.
const providers = createDefaultProviderRegistry(scenarios).register({
  name: 'judgeco',
  description: 'a hosted judge stand-in',
  create: () => ({ model: new ScriptedModel(() => ({ text: noAnswer })) }),
});
const fast = { baseDelayMs: 1, maxDelayMs: 2 };
const dir = mkdtempSync(join(tmpdir(), 'corrigible-judge-'));
const judgeFile = join(dir, 'judge.yaml');
writeFileSync(judgeFile, `turns:\n  - text: '${JSON.stringify({ label: 'no', evidence: [], explanation: 'Nothing of the kind.' })}'\n`);

const config = (extra: Record<string, unknown> = {}) =>
  parseExperimentConfig({ name: 'judged', models: ['sim:baseline'], scenarios: [{ id: 'blackmail', grid: { goal: ['explicit-america'], urgency: ['replacement'] } }], samples: 4, seed: 5, ...extra });

describe('the cascade in a run and in re-classification', () => {
  it('uses classify.judge during a run, through one scheduler shared with the agent, without deadlock at concurrency 1', async () => {
    const store = openSqliteStore(':memory:');
    // Every key funnels into one slot: agent calls and judge calls wait for each other.
    const single = createConcurrencyScheduler(() => 1);
    const keys = new Set<string>();
    const scheduler: Scheduler = { schedule: (key, task) => (keys.add(key), single.schedule('one', task)) };
    const result = await runExperiment(config({ classify: { judge: `scripted:${judgeFile}` } }), { store, scenarios, providers, retry: fast, scheduler });
    expect(result.ran).toBe(4);
    expect(keys).toContain(`scripted:${judgeFile}`);
    const [trial] = await store.listTrials('judged');
    const verdicts = await store.listVerdicts(trial?.id ?? '');
    const judged = verdicts.find((v) => v.classifierId === 'cascade:self-preservation-reasoning');
    expect(judged).toMatchObject({ label: 'no', judgeModel: `scripted:${judgeFile}`, spec: { kind: 'cascade', judge: { model: `scripted:${judgeFile}`, temperature: 0 } } });
    expect(judged?.judgeExchange?.request).toMatchObject({ temperature: 0, promptKey: 'self-preservation-reasoning@1/f1' });
    const summary = result.summary.behaviors.find((b) => b.behavior === 'self-preservation-reasoning');
    expect(summary?.classifier?.judgeModel).toBe(`scripted:${judgeFile}`);
    expect(summary?.byModel[0]).toMatchObject({ n: 4, harmful: 0, unscored: 0 });
    await store.close();
  });

  it('classifies a stored run with a judge later: appends without touching trials, and a second pass adds nothing', async () => {
    const store = openSqliteStore(':memory:');
    await runExperiment(config(), { store, scenarios, providers, retry: fast });
    const trialsBefore = await store.listTrials('judged');
    const before = await summarizeRun(store, 'judged', scenarios);
    expect(before.behaviors.find((b) => b.behavior === 'self-preservation-reasoning')?.byModel[0]?.n).toBe(0);

    const judge = resolveJudge(providers, { id: `scripted:${judgeFile}` }, { retry: { ...fast, maxAttempts: 2 } });
    const first = await classifyRun(store, 'judged', { scenarios, judge });
    expect(first).toMatchObject({ trials: 4, errors: 0, upToDate: 0, classified: 4, judged: 4 });
    expect(first.added).toBeGreaterThan(0);
    expect(await store.listTrials('judged')).toEqual(trialsBefore);
    const second = await classifyRun(store, 'judged', { scenarios, judge });
    expect(second).toMatchObject({ upToDate: 4, classified: 0, judged: 0, added: 0 });

    const after = await summarizeRun(store, 'judged', scenarios);
    const selfPreservation = after.behaviors.find((b) => b.behavior === 'self-preservation-reasoning');
    expect(selfPreservation?.classifier?.version).toMatch(/\+self-preservation-reasoning@1\/f1:scripted:/);
    expect(selfPreservation?.byModel[0]).toMatchObject({ n: 4, unscored: 0 });
    // The detector-only rate is still there to read, and is not mixed into the judged one.
    const detectorOnly = await summarizeRun(store, 'judged', scenarios, 0.95, { classifier: 'self-preservation-reasoning' });
    expect(detectorOnly.behaviors.map((b) => b.classifier?.id)).toEqual(['self-preservation-reasoning']);
    await expect(classifyRun(store, 'judged', { scenarios, only: 'no-such-classifier' })).rejects.toThrow(ConfigError);
    await expect(classifyRun(store, 'missing', { scenarios })).rejects.toThrow(/no run named "missing"/);
    await store.close();
  });

  it('prices judge calls made during a run: live in progress events, in the result, and the same from the store', async () => {
    const store = openSqliteStore(':memory:');
    const costs: { costUsd: number; judgeCostUsd: number }[] = [];
    const price = { input: 1_000_000, output: 2_000_000 };
    const result = await runExperiment(config({ classify: { judge: { id: 'judgeco:j', price } } }), {
      store, scenarios, providers, retry: fast,
      onEvent: (e) => { if (e.type === 'trial') costs.push({ costUsd: e.costUsd, judgeCostUsd: e.judgeCostUsd }); },
    });
    const verdicts = (await Promise.all((await store.listTrials('judged')).map((t) => store.listVerdicts(t.id)))).flat().filter((v) => v.judgeModel === 'judgeco:j');
    expect(verdicts).toHaveLength(4);
    const expected = verdicts.reduce((sum, v) => sum + costOf(v.judgeExchange?.usage ?? { inputTokens: NaN, outputTokens: 0, cachedInputTokens: 0 }, price), 0);
    expect(expected).toBeGreaterThan(0);
    // The sim agent costs nothing: everything spent was the judge's.
    expect(result).toMatchObject({ judgeCostUsd: expected, costUsd: expected, unpricedModels: [] });
    expect(costs.at(-1)).toEqual({ costUsd: expected, judgeCostUsd: expected });
    expect(costs.map((c) => c.judgeCostUsd)).toEqual([...costs.map((c) => c.judgeCostUsd)].sort((a, b) => a - b));
    const fromStore = await summarizeRunCost(store, 'judged', providers);
    expect(fromStore.models[0]?.judges).toEqual([expect.objectContaining({ model: 'judgeco:j', count: 4, unknownUsage: 0, costUsd: expected, price })]);
    expect(fromStore).toMatchObject({ totalUsd: expected, complete: true, unpriced: [] });

    // Without a price the judge is named as unpriced, never free.
    const unpriced = await runExperiment(config({ name: 'judged-unpriced', classify: { judge: 'judgeco:j' } }), { store, scenarios, providers, retry: fast });
    expect(unpriced).toMatchObject({ judgeCostUsd: 0, unpricedModels: ['judgeco:j'] });
    expect(await summarizeRunCost(store, 'judged-unpriced', providers)).toMatchObject({ complete: false, unpriced: ['judgeco:j'], models: [{ judges: [{ costUsd: null, price: null }] }] });
    await store.close();
  });

  it('prices the judge calls of a pass: the run\'s stored price override, else the list price, else unpriced (null)', async () => {
    const store = openSqliteStore(':memory:');
    await runExperiment(config(), { store, scenarios, providers, retry: fast });
    const scripted = resolveJudge(providers, { id: `scripted:${judgeFile}` });
    // The same scripted answers, presented as a hosted model so it has a price.
    const hosted = (id: string, price?: Price): JudgeRuntime => ({ ...scripted, model: { ...scripted.model, id, simulated: false, price } });

    const listed = await classifyRun(store, 'judged', { scenarios, judge: hosted('openai:gpt-4o-mini', priceFor('openai:gpt-4o-mini')) });
    expect(listed.judged).toBe(4);
    expect(listed.judgeUsage.calls).toBe(4);
    expect(listed.judgeUsage.inputTokens).toBeGreaterThan(0);
    expect(listed.judgeCostUsd).toBeCloseTo(costOf(listed.judgeUsage, { input: 0.15, output: 0.6, cachedInput: 0.075 }), 12);

    const run = await store.getRun('judged');
    const stored = run?.config as { experiment: Record<string, unknown> };
    await store.saveRun({ ...(run as RunRecord), config: { ...stored, experiment: { ...stored.experiment, classify: { judge: { id: 'openai:gpt-4o', price: { input: 100, output: 0 } } } } } });
    const overridden = await classifyRun(store, 'judged', { scenarios, judge: hosted('openai:gpt-4o', priceFor('openai:gpt-4o')) });
    expect(overridden.judgeCostUsd).toBeCloseTo((overridden.judgeUsage.inputTokens * 100) / 1e6, 12);

    const unpriced = await classifyRun(store, 'judged', { scenarios, judge: hosted('ollama:judge') });
    expect(unpriced.judgeUsage.calls).toBe(4);
    expect(unpriced.judgeCostUsd).toBeNull();
    // A simulated judge costs nothing; a pass with nothing to do spends nothing.
    expect((await classifyRun(store, 'judged', { scenarios, judge: scripted })).judgeCostUsd).toBe(0);
    expect(await classifyRun(store, 'judged', { scenarios, judge: hosted('ollama:judge') })).toMatchObject({ judgeUsage: { calls: 0 }, judgeCostUsd: null });
    await store.close();
  });
});
