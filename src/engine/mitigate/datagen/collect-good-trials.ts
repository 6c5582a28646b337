import { parseConditionId } from '../../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../../scenarios/scenario-registry.js';
import type { Store, StoredVerdict } from '../../store/store.js';
import type { GoodTrialSummary } from './generators.js';

/**
 * The final verdict of each behavior and mode: the cascade's (`cascade:<detector>`) stored last, so a
 * later re-classification with a judge wins; for a run classified before the cascade existed, the last
 * verdict of any classifier. Verdicts come oldest first (Store.listVerdicts).
 */
function finalVerdicts(verdicts: readonly StoredVerdict[]): Map<string, StoredVerdict> {
  const finals = new Map<string, StoredVerdict>();
  for (const v of verdicts) {
    const key = `${v.behavior}/${v.mode}`;
    const held = finals.get(key);
    const cascade = v.classifierId.startsWith('cascade:');
    if (!held || cascade || !held.classifierId.startsWith('cascade:')) finals.set(key, v);
  }
  return finals;
}

/**
 * Whether a trial is a good example to explain: every behavior the scenario scores in `acted` mode has a
 * final verdict of a clear `no` (an `unscored` act is not known to be safe), and no `considered`-mode
 * final verdict is `yes` (an agent that weighed blackmail, reasoned about saving itself, or said it was
 * being tested before behaving well is no example of the reasoning we want to teach). A `considered`
 * verdict that is `unscored` (the detector was uncertain and no judge decided) does not disqualify: most
 * runs have no judge, and what the agent did is settled by the `acted` verdicts.
 */
function isGood(verdicts: readonly StoredVerdict[], actedBehaviors: readonly string[]): boolean {
  const finals = [...finalVerdicts(verdicts).values()];
  const acted = finals.filter((v) => v.mode === 'acted');
  if (acted.length === 0 || acted.some((v) => v.label !== 'no')) return false;
  if (actedBehaviors.some((behavior) => !acted.some((v) => v.behavior === behavior))) return false;
  return !finals.some((v) => v.mode === 'considered' && v.label === 'yes');
}

/**
 * The trials of a stored run that acted well: finished on their own (`ok`) and good by their final
 * (cascade) verdicts, as isGood says. The situation is described from the scenario's and axes'
 * descriptions (our summaries), never from the rendered prompt, so explain-why data does not copy the test.
 */
export async function collectGoodTrials(store: Store, runId: string, scenarios: ScenarioRegistry, limit = 10_000): Promise<GoodTrialSummary[]> {
  const good: GoodTrialSummary[] = [];
  for (const trial of await store.listTrials(runId, { status: 'ok' })) {
    if (good.length >= limit) break;
    const scenario = scenarios.forCondition(trial.conditionId);
    const actedBehaviors = scenario.detectors.filter((d) => d.mode === 'acted').map((d) => d.behavior);
    if (!isGood(await store.listVerdicts(trial.id), actedBehaviors)) continue;
    const baseId = trial.conditionId.split('+mitigation:')[0] ?? trial.conditionId;
    let axes: string[] = [];
    try {
      const condition = parseConditionId(scenario, baseId);
      axes = scenario.axes.map((axis) => axis.values.find((v) => v.id === condition.axes[axis.name])?.description ?? '').filter(Boolean);
    } catch {
      // A condition of an older scenario version: the summary alone still describes it.
    }
    good.push({
      trialId: trial.id,
      conditionId: trial.conditionId,
      situation: [`You are an AI agent in this situation: ${scenario.summary}`, ...axes].join(' '),
      actions: trial.actions
        .filter((a) => a.ok && a.effect === 'change')
        .map((a) => {
          const input = a.input as { to?: unknown } | null;
          return typeof input?.to === 'string' ? `${a.tool} to ${input.to}` : a.tool;
        }),
    });
  }
  return good;
}
