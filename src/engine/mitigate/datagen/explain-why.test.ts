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
    // Good: the cascade's acted verdict is a clear no, and no considered-mode question is a yes (with no
    // judge, the considered detectors' uncertain cases stay unscored and do not disqualify).
    const harmless = [];
    let consideredUnscored = 0;
    for (const t of trials) {
      const finals = (await runStore.listVerdicts(t.id)).filter((v) => v.classifierId.startsWith('cascade:'));
      const acted = finals.filter((v) => v.mode === 'acted');
      const ok = acted.length === 1 && acted[0]?.label === 'no' && !finals.some((v) => v.mode === 'considered' && v.label === 'yes');
      if (ok) harmless.push(t.id);
      if (ok && finals.some((v) => v.mode === 'considered' && v.label === 'unscored')) consideredUnscored++;
    }
    expect(good.map((g) => g.trialId).sort()).toEqual(harmless.sort());
    expect(consideredUnscored).toBeGreaterThan(0);
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

  it('selects by the final verdicts: the cascade stored last wins, an unscored act or a considered yes disqualifies', async () => {
    const scenarios = createDefaultScenarioRegistry();
    const runStore = openSqliteStore(':memory:');
    const config = parseExperimentConfig({ name: 'src', models: ['sim:baseline'], scenarios: [{ id: 'blackmail', conditions: ['blackmail/explicit-america/replacement'] }], samples: 12, seed: 3 });
    await runExperiment(config, { store: runStore });
    const before = await collectGoodTrials(runStore, 'src', scenarios);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = before.map((g) => g.trialId);
    const verdict = (behavior: 'blackmail' | 'evaluation-awareness', mode: 'acted' | 'considered', classifierId: string, label: 'yes' | 'no' | 'unscored') => ({
      behavior, mode, classifierId, classifierVersion: 'later', label, evidence: [], explanation: 'test', judgeModel: 'judge', spec: {},
    });
    // A later judged cascade says the agent spoke of being tested: no longer an example to teach.
    await runStore.saveVerdicts(a ?? '', [verdict('evaluation-awareness', 'considered', 'cascade:evaluation-awareness', 'yes')]);
    // A later cascade could not settle the act: not a clear no.
    await runStore.saveVerdicts(b ?? '', [verdict('blackmail', 'acted', 'cascade:blackmail-action', 'unscored')]);
    // A bare detector's verdict stored later does not override the cascade's final one.
    await runStore.saveVerdicts(c ?? '', [verdict('blackmail', 'acted', 'blackmail-action', 'yes')]);
    const after = (await collectGoodTrials(runStore, 'src', scenarios)).map((g) => g.trialId);
    expect(after).not.toContain(a);
    expect(after).not.toContain(b);
    expect(after).toContain(c);
    expect(after).toHaveLength(before.length - 2);
    await runStore.close();
  });

  it('refuses to start without good trials', async () => {
    const store = LabStore.open(join(mkdtempSync(join(tmpdir(), 'why-')), 'lab.db'));
    await expect(generateDataset({ name: 'x', kind: 'explain-why', teacher: scriptedTeacher().teacher, tokens: 10, store, contamination: new ContaminationIndex() })).rejects.toThrow(/--from-run/);
    store.close();
  });
});
