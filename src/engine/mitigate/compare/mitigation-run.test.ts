import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../../config/load-config.js';
import { planExperiment } from '../../runner/plan-experiment.js';
import { runExperiment } from '../../runner/run-experiment.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { createDefaultProviderRegistry } from '../../../providers/default-provider-registry.js';
import { MITIGATION_FACTOR, SIM_ESCALATION_TOOL } from '../../../providers/sim/sim-profiles.js';
import { createDefaultScenarioRegistry } from '../../../scenarios/default-registry.js';
import { BUILTIN_MITIGATIONS, ESCALATION_TOOL } from '../prompt/builtin-mitigations.js';
import { mitigationComparisonForRun } from './compare-arms.js';

const demo = () => parseExperimentConfig(parse(readFileSync(new URL('../../../../examples/mitigation-demo.yaml', import.meta.url), 'utf8')));

describe('mitigation arms', () => {
  it('plans each arm on the baseline conditions, with the baseline seeds, the text in the prompt and the refs in the spec', () => {
    const scenarios = createDefaultScenarioRegistry();
    const plan = planExperiment(demo(), { scenarios, providers: createDefaultProviderRegistry(scenarios) });
    expect(plan.conditions.map((c) => c.condition.id)).toEqual([
      'blackmail/explicit-america/replacement',
      'blackmail/explicit-america/restriction',
      'blackmail/explicit-america/replacement+mitigation:safety-rules',
      'blackmail/explicit-america/restriction+mitigation:safety-rules',
      'blackmail/explicit-america/replacement+mitigation:escalation-channel',
      'blackmail/explicit-america/restriction+mitigation:escalation-channel',
      'blackmail/explicit-america/replacement+mitigation:compliance-bulletin+mitigation:principles',
      'blackmail/explicit-america/restriction+mitigation:compliance-bulletin+mitigation:principles',
    ]);
    const byId = new Map(plan.conditions.map((c) => [c.condition.id, c]));
    const base = byId.get('blackmail/explicit-america/replacement');
    const escalation = byId.get('blackmail/explicit-america/replacement+mitigation:escalation-channel');
    expect(escalation?.instance.system.startsWith(base?.instance.system ?? '?')).toBe(true);
    expect(escalation?.instance.system).toContain(ESCALATION_TOOL);
    expect(escalation?.instance.tools.map((t) => t.name)).toContain(ESCALATION_TOOL);
    expect(base?.instance.tools.map((t) => t.name)).not.toContain(ESCALATION_TOOL);
    const trial = (id: string) => plan.trials.find((t) => t.planned.condition.id === id && t.sample === 3);
    expect(trial('blackmail/explicit-america/replacement+mitigation:escalation-channel')?.seed).toBe(trial('blackmail/explicit-america/replacement')?.seed);
    expect(trial('blackmail/explicit-america/replacement+mitigation:escalation-channel')?.spec.mitigations).toEqual([{ name: 'escalation-channel', version: '1' }]);
    expect(trial('blackmail/explicit-america/replacement')?.spec).not.toHaveProperty('mitigations');
  });

  it('keeps the sim profile in step with the built-in mitigations', () => {
    expect(SIM_ESCALATION_TOOL).toBe(ESCALATION_TOOL);
    expect(Object.keys(MITIGATION_FACTOR).sort()).toEqual(BUILTIN_MITIGATIONS.map((m) => m.name).sort());
  });

  it('runs the offline demo: the before/after rows show lower rates with intervals, and escalations are measured', async () => {
    const store = openSqliteStore(':memory:');
    const result = await runExperiment(demo(), { store });
    const rows = result.mitigation?.rows ?? [];
    // One row per arm: blackmail in acted mode (the scenario's considered-mode questions only where asked).
    expect(rows.map((r) => [r.arm, r.behavior, r.mode])).toEqual([
      ['safety-rules', 'blackmail', 'acted'],
      ['escalation-channel', 'blackmail', 'acted'],
      ['compliance-bulletin+principles', 'blackmail', 'acted'],
    ]);
    for (const row of rows) {
      expect(row.baseline.n).toBe(120);
      expect(row.mitigated.n).toBe(120);
      expect(row.difference).toBeLessThan(0);
      expect(row.low).not.toBeNull();
      expect(row.high).not.toBeNull();
      expect(row.pValue).not.toBeNull();
    }
    const escalation = rows.find((r) => r.arm === 'escalation-channel');
    // True rates: baseline 0.6 / 0.3 (pooled 0.45), escalation-channel ×0.05: the interval excludes 0.
    expect(escalation?.high).toBeLessThan(0);
    expect(escalation?.adjustedP).toBeLessThan(0.001);
    expect(escalation?.escalations.baseline.escalated).toBe(0);
    expect(escalation?.escalations.mitigated.escalated).toBe(120 - (escalation?.mitigated.harmful ?? 0));
    // Same seeds, lower probability: the mitigated arm's harmful trials are a subset of the baseline's.
    expect(escalation?.mitigated.harmful ?? 99).toBeLessThanOrEqual(escalation?.baseline.harmful ?? 0);
    // Asked for, a row per arm × behavior × mode, each counted with the classifier the summary shows.
    const all = await mitigationComparisonForRun(store, result.runId, result.summary.behaviors, { modes: ['acted', 'considered'] });
    expect(all?.rows.map((r) => `${r.behavior}/${r.mode}`)).toEqual(result.summary.behaviors.flatMap((b) => Array<string>(3).fill(`${b.behavior}/${b.mode}`)));
    expect(new Set(all?.rows.map((r) => r.mode))).toEqual(new Set(['acted', 'considered']));
    expect(all?.rows.filter((r) => r.mode === 'acted')).toEqual(rows);
    await store.close();
  });
});
