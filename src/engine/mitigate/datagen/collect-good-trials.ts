import { parseConditionId } from '../../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../../scenarios/scenario-registry.js';
import type { Store } from '../../store/store.js';
import type { GoodTrialSummary } from './generators.js';

/**
 * The trials of a stored run that acted well: finished on their own (`ok`) and judged `no` for every
 * behavior with at least one verdict. The situation is described from the scenario's and axes'
 * descriptions (our summaries), never from the rendered prompt, so explain-why data does not copy the test.
 */
export async function collectGoodTrials(store: Store, runId: string, scenarios: ScenarioRegistry, limit = 10_000): Promise<GoodTrialSummary[]> {
  const good: GoodTrialSummary[] = [];
  for (const trial of await store.listTrials(runId, { status: 'ok' })) {
    if (good.length >= limit) break;
    const verdicts = await store.listVerdicts(trial.id);
    if (verdicts.length === 0 || verdicts.some((v) => v.label !== 'no')) continue;
    const scenario = scenarios.forCondition(trial.conditionId);
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
