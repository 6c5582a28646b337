import type { Action } from '../../core/action.js';
import { Environment } from '../../environment/environment.js';
import type { ScenarioInstance } from '../../scenarios/scenario.js';

/**
 * The environment state after a stored trial's actions, replayed through the instance's (pure) tools.
 * Trials keep their actions but not their final state, and imported trials never had ours, so the
 * classifiers rebuild it this way. Calls that failed originally changed nothing and are skipped.
 */
export function replayFinalState<S>(instance: ScenarioInstance<S>, actions: readonly Action[]): S {
  const environment = new Environment(instance.tools, instance.initialState);
  for (const action of actions) if (action.ok) environment.call(action.step, action.toolCallId, action.tool, action.input);
  return environment.state;
}
