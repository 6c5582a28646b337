import { describe, expect, it } from 'vitest';
import { judgedVerdict, usageTrial } from '../../../test/support/usage-records.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { storedPrices, summarizeRunCost } from './run-cost.js';

const providers = createDefaultProviderRegistry(createDefaultScenarioRegistry());

const trial = usageTrial;
const judged = judgedVerdict;

const M = 1_000_000;
const config = {
  experiment: {
    name: 'r',
    // The agent's price is overridden; the judge is a configured model too, so its override applies to judge calls.
    models: [{ id: 'openai:gpt-4o', price: { input: 2, output: 8 } }, { id: 'ollama:llama3' }, { id: 'sim:baseline' }, { id: 'anthropic:claude-haiku-4-5', price: { input: 1, output: 4 } }],
    scenarios: [{ id: 'blackmail' }],
    classify: { judge: { id: 'openai:gpt-4o-mini' } },
  },
  simulatedModels: ['sim:baseline'],
};

async function fixture() {
  const store = openSqliteStore(':memory:');
  await store.saveRun({ id: 'r', config, createdAt: 'a', updatedAt: 'a', corrigibleVersion: '0.1.0' });
  await store.saveTrial(trial('openai:gpt-4o', 0, { inputTokens: M, outputTokens: M / 2 }), [
    judged('openai:gpt-4o-mini', 'cascade', { inputTokens: M, outputTokens: M }),
    judged('anthropic:claude-haiku-4-5', 'judge-only', { inputTokens: 2 * M, outputTokens: 0 }),
  ]);
  // An errored trial was paid for too.
  await store.saveTrial(trial('openai:gpt-4o', 1, { inputTokens: M / 2 }, 'error'), []);
  await store.saveTrial(trial('ollama:llama3', 0, { inputTokens: 100, outputTokens: 10 }), [judged('openai:gpt-4o-mini', 'cascade', { inputTokens: 4 * M, cachedInputTokens: 2 * M })]);
  await store.saveTrial(trial('sim:baseline', 0, { inputTokens: 5000, outputTokens: 500 }), [judged('scripted:judge.yaml', 'cascade', { inputTokens: 50 })]);
  return store;
}

describe('summarizeRunCost', () => {
  it('prices agents and judges per model from the store, with the stored overrides, else list prices', async () => {
    const store = await fixture();
    const cost = await summarizeRunCost(store, 'r', providers);
    const [gpt4o, llama, sim] = cost.models;
    expect(gpt4o?.agent).toMatchObject({ model: 'openai:gpt-4o', count: 2, simulated: false, price: { input: 2, output: 8 }, usage: { inputTokens: 1.5 * M, outputTokens: M / 2 } });
    expect(gpt4o?.agent.costUsd).toBeCloseTo(1.5 * 2 + 0.5 * 8, 10);
    // gpt-4o-mini at list price (0.15 / 0.6); claude-haiku-4-5 at the override the run's config gave it.
    expect(gpt4o?.judges.map((j) => [j.model, j.count, j.costUsd])).toEqual([
      ['anthropic:claude-haiku-4-5', 1, 2],
      ['openai:gpt-4o-mini', 1, expect.closeTo(0.15 + 0.6, 10) as number],
    ]);
    expect(gpt4o).toMatchObject({ complete: true });
    expect(gpt4o?.totalUsd).toBeCloseTo(7 + 2 + 0.75, 10);

    // An unpriced agent: its cost is null (not 0) and it is named; its judge's cost is still known.
    expect(llama?.agent).toMatchObject({ price: null, costUsd: null });
    expect(llama?.judges[0]?.costUsd).toBeCloseTo(2 * 0.15 + 2 * 0.075, 10);
    expect(llama).toMatchObject({ complete: false });
    // Simulated agent and scripted judge: nothing was called, nothing is unpriced.
    expect(sim?.agent).toMatchObject({ simulated: true, costUsd: 0 });
    expect(sim?.judges[0]).toMatchObject({ model: 'scripted:judge.yaml', simulated: true, costUsd: 0 });

    expect(cost.unpriced).toEqual(['ollama:llama3']);
    expect(cost.complete).toBe(false);
    expect(cost.totalUsd).toBeCloseTo(9.75 + 0.45, 10);
    expect(cost.unknownUsage).toEqual([]);
    // Reproducible: read twice, the same numbers.
    expect(await summarizeRunCost(store, 'r', providers)).toEqual(cost);
    await expect(summarizeRunCost(store, 'missing', providers)).rejects.toThrow(/no run named "missing"/);
    await store.close();
  });

  it('leaves a judge cost unknown (null, named), never zero, when verdicts without stored usage are in it', async () => {
    const store = await fixture();
    await store.saveVerdicts('openai:gpt-4o|0', [judged('openai:gpt-4o-mini', 'cascade-old')]);
    const cost = await summarizeRunCost(store, 'r', providers);
    const judge = cost.models[0]?.judges.find((j) => j.model === 'openai:gpt-4o-mini');
    expect(judge).toMatchObject({ count: 2, unknownUsage: 1, costUsd: null });
    expect(cost.models[0]).toMatchObject({ complete: false });
    expect(cost.models[0]?.totalUsd).toBeCloseTo(9, 10);
    expect(cost.unknownUsage).toEqual(['judge openai:gpt-4o-mini on openai:gpt-4o: 1 verdict(s) stored before judge usage was kept']);
    await store.close();
  });
});

describe('storedPrices', () => {
  it('reads the overrides of models, mitigation arms and the judge; ignores what does not parse', () => {
    const prices = storedPrices({
      experiment: { models: [{ id: 'a:x', price: { input: 1, output: 2 } }], mitigation: { models: [{ base: 'a:x', model: { id: 'a:ft', price: { input: 3, output: 4 } } }] }, classify: { judge: { id: 'j:y', price: { input: 5, output: 6 } } } },
    });
    expect([...prices]).toEqual([
      ['a:x', { input: 1, output: 2 }],
      ['a:ft', { input: 3, output: 4 }],
      ['j:y', { input: 5, output: 6 }],
    ]);
    expect(storedPrices({}).size).toBe(0);
    expect(storedPrices({ experiment: { models: [{ id: 'a:x', price: { input: -1, output: 0 } }] } }).size).toBe(0);
  });
});
