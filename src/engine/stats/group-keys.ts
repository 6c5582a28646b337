import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { OutcomeCounts } from '../store/store.js';

/**
 * A grouping key by name: `model`, `condition`, `scenario`, or any axis or toggle of the scenarios
 * (`goal`, `urgency`, `scratchpad` …). Conditions whose scenario lacks the axis get null (left out of the
 * groups); a toggle groups by `on` / `off`.
 */
export function groupKey(scenarios: ScenarioRegistry, by: string): (cell: OutcomeCounts) => string | null {
  if (by === 'model') return (cell) => cell.model;
  if (by === 'condition') return (cell) => cell.conditionId;
  if (by === 'scenario') return (cell) => cell.conditionId.split('/')[0] ?? null;
  const cache = new Map<string, string | null>();
  return (cell) => {
    if (cache.has(cell.conditionId)) return cache.get(cell.conditionId) ?? null;
    let key: string | null = null;
    try {
      const scenario = scenarios.forCondition(cell.conditionId);
      const condition = parseConditionId(scenario, cell.conditionId);
      const axis = condition.axes[by];
      const toggle = condition.toggles[by];
      key = axis ?? (toggle === undefined ? null : toggle ? 'on' : 'off');
    } catch {
      // A condition of a scenario this build does not know: it cannot be placed on an axis.
      key = null;
    }
    cache.set(cell.conditionId, key);
    return key;
  };
}
