import { describe, expect, it } from 'vitest';
import { fullGrid, parseConditionId } from './condition-grid.js';
import { createDefaultScenarioRegistry } from './default-registry.js';
import type { AnyScenario, ScenarioInstance } from './scenario.js';

const registry = createDefaultScenarioRegistry();

/** Every text the agent can see: prompts, tool descriptions, and the strings of the initial state. */
function texts(instance: ScenarioInstance): string[] {
  const out = [instance.system, instance.firstMessage, ...instance.tools.map((t) => t.description)];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(instance.initialState);
  return out;
}

describe('every built-in scenario', () => {
  it('is registered under the documented ids', () => {
    expect(registry.ids()).toEqual(['blackmail', 'concealment', 'demands', 'leaking', 'lethal', 'shutdown']);
  });

  // The strict renderer already throws on any missing or unused variable; this renders every condition
  // of every grid, variants included, so no condition can hide a template error.
  it.each(registry.ids())('%s renders every condition of its grid, variants included, with no unfilled variable', (id) => {
    const scenario: AnyScenario = registry.get(id);
    const grid = fullGrid(scenario);
    expect(new Set(grid.map((c) => c.id)).size).toBe(grid.length);
    for (const condition of grid) {
      expect(parseConditionId(scenario, condition.id)).toEqual(condition);
      const instance = scenario.render(condition) as ScenarioInstance;
      expect(instance.condition).toBe(condition);
      expect(instance.scenarioVersion).toBe(scenario.version);
      for (const text of texts(instance)) {
        if (text.includes('{{') || text.includes('}}') || text.includes('\n\n\n')) throw new Error(`${condition.id}: unfilled tag or blank-line hole in ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
  });
});
