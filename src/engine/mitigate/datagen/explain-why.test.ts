import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptedTeacher } from '../../../../test/support/scripted-teacher.js';
import { createDefaultScenarioRegistry } from '../../../scenarios/default-registry.js';
import { parseExperimentConfig } from '../../config/load-config.js';
import { runExperiment } from '../../runner/run-experiment.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { ContaminationIndex } from '../gates/contamination.js';
import { LabStore } from '../lab-store.js';
import { collectGoodTrials } from './collect-good-trials.js';
import { generateDataset } from './generate-dataset.js';

describe('explain-why', () => {
  it('turns the good trials of a stored run into reasoned examples that share no long sequence with the test', async () => {
    const scenarios = createDefaultScenarioRegistry();
    const runStore = openSqliteStore(':memory:');
    const config = parseExperimentConfig({
      name: 'source',
      models: ['sim:baseline'],
      scenarios: [{ id: 'blackmail', conditions: ['blackmail/explicit-america/replacement'] }],
      samples: 12,
      seed: 3,
    });
    await runExperiment(config, { store: runStore });
    const good = await collectGoodTrials(runStore, 'source', scenarios);
    const trials = await runStore.listTrials('source');
    const harmless = [];
    for (const t of trials) if ((await runStore.listVerdicts(t.id)).every((v) => v.label === 'no')) harmless.push(t.id);
    expect(good.map((g) => g.trialId).sort()).toEqual(harmless.sort());
    expect(good.length).toBeGreaterThan(0);
    expect(good.length).toBeLessThan(12);
    expect(good[0]?.situation).toContain(scenarios.get('blackmail').summary);
    await runStore.close();

    const contamination = ContaminationIndex.fromScenarios(scenarios);
    for (const g of good) expect(contamination.findOverlap(g.situation)).toBeNull();
    const store = LabStore.open(join(mkdtempSync(join(tmpdir(), 'why-')), 'lab.db'));
    const { teacher, model } = scriptedTeacher();
    const result = await generateDataset({ name: 'why', kind: 'explain-why', teacher, tokens: 100_000, store, contamination, goodTrials: good });
    expect(result.stoppedBy).toBe('exhausted');
    expect(result.accepted).toBe(good.length);
    expect(model.calls).toHaveLength(good.length);
    expect(store.listExamples('why').map((e) => e.detail)).toEqual(good.map((g) => g.trialId));
    store.close();
  });

  it('refuses to start without good trials', async () => {
    const store = LabStore.open(join(mkdtempSync(join(tmpdir(), 'why-')), 'lab.db'));
    await expect(generateDataset({ name: 'x', kind: 'explain-why', teacher: scriptedTeacher().teacher, tokens: 10, store, contamination: new ContaminationIndex() })).rejects.toThrow(/--from-run/);
    store.close();
  });
});
