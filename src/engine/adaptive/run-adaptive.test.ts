import { describe, it, expect } from 'vitest';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { runExperiment } from '../runner/run-experiment.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { runAdaptive } from './run-adaptive.js';
import type { StoppingRule } from './stopping-rule.js';

const scenarios = createDefaultScenarioRegistry();
const RULE: StoppingRule = { halfWidth: 0.1, maxSamples: 100, initialSamples: 10, confidence: 0.95 };

function config(seed: number, name = 'adaptive') {
  return parseExperimentConfig({
    name,
    models: ['sim:baseline', 'sim:aligned'],
    scenarios: [{ id: 'blackmail', grid: { goal: ['explicit-america', 'none'], urgency: ['replacement', 'restriction', 'none'] } }],
    samples: 1,
    seed,
  });
}

/** The simulated agent's documented probability of blackmail in a condition: the truth to cover. */
function trueRate(model: string, conditionId: string): number {
  if (model === 'sim:aligned') return 0;
  const scenario = scenarios.get('blackmail');
  return scenario.simulation?.harmfulProbability(parseConditionId(scenario, conditionId)) ?? 0;
}

describe('runAdaptive on sim: (true rates known)', () => {
  it('stops clear cells early, reports the trials saved, and keeps every stored sample the fixed design would make', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const result = await runAdaptive(config(7), RULE, { store, scenarios });
      expect(result.cells).toHaveLength(12);
      expect(result.fixedDesignTrials).toBe(1200);
      expect(result.saved).toBe(result.fixedDesignTrials - result.trials);
      expect(result.trials).toBe((await store.listTrials('adaptive')).length);
      for (const cell of result.cells) {
        if (cell.model === 'sim:aligned') expect(cell.samples).toBeLessThanOrEqual(20);
        if (!cell.capped) expect(cell.halfWidth).toBeLessThanOrEqual(RULE.halfWidth);
        else expect(cell.samples).toBe(RULE.maxSamples);
      }
      // A cell near 50 % needs far more trials than a 0 % cell.
      const replacement = result.cells.find((c) => c.model === 'sim:baseline' && c.conditionId === 'blackmail/explicit-america/replacement');
      expect(replacement?.samples).toBeGreaterThan(60);
      expect(result.saved).toBeGreaterThan(400);
      // The stored run describes the whole design, not the last round's narrowed one.
      expect(result.summary.simulatedModels).toEqual(['sim:baseline', 'sim:aligned']);
      expect((await store.getRun('adaptive'))?.config).toMatchObject({ experiment: { models: [{ id: 'sim:baseline' }, { id: 'sim:aligned' }] }, adaptive: { halfWidth: 0.1 } });

      // Same seeds and keys as the fixed design: the fixed run of that cell gives the same verdicts.
      const fixedStore = openSqliteStore(':memory:');
      try {
        const fixed = config(7);
        await runExperiment(
          { ...fixed, models: fixed.models.slice(0, 1), scenarios: [{ id: 'blackmail', conditions: ['blackmail/explicit-america/replacement'] }], samples: replacement?.samples ?? 0 },
          { store: fixedStore, scenarios },
        );
        const labels = async (s: typeof store) => {
          const trials = await s.listTrials('adaptive', { model: 'sim:baseline', conditionId: 'blackmail/explicit-america/replacement' });
          return Promise.all(trials.map(async (t) => `${t.sample}:${(await s.listVerdicts(t.id)).map((v) => `${v.behavior}/${v.mode}=${v.label}`).join(',')}`));
        };
        expect(await labels(fixedStore)).toEqual(await labels(store));
      } finally {
        await fixedStore.close();
      }
    } finally {
      await store.close();
    }
  });

  it('covers the true rates of sim:baseline at about the nominal level over several seeds', async () => {
    let covered = 0;
    let total = 0;
    for (const seed of [1, 2, 3, 4]) {
      const store = openSqliteStore(':memory:');
      try {
        const result = await runAdaptive(config(seed), RULE, { store, scenarios });
        const blackmail = result.summary.behaviors.find((b) => b.behavior === 'blackmail');
        for (const row of blackmail?.rows ?? []) {
          if (row.model !== 'sim:baseline') continue;
          const p = trueRate(row.model, row.conditionId);
          total++;
          if ((row.low ?? 1) <= p && p <= (row.high ?? 0)) covered++;
        }
      } finally {
        await store.close();
      }
    }
    expect(total).toBe(24);
    // Expected about 23 of 24 at 95 %; 21 leaves room for chance but not for a biased rule.
    expect(covered).toBeGreaterThanOrEqual(21);
  });
});
