import { ConfigError } from '../core/errors.js';
import type { AnyScenario, Scenario } from './scenario.js';

/**
 * The scenarios a run can use. Built-ins are registered by `createDefaultScenarioRegistry`; users and later
 * packages add their own with `register`, without touching the engine.
 */
export class ScenarioRegistry {
  private readonly scenarios = new Map<string, AnyScenario>();

  register<S>(scenario: Scenario<S>): this {
    if (this.scenarios.has(scenario.id)) throw new Error(`scenario "${scenario.id}" is already registered`);
    this.scenarios.set(scenario.id, scenario as unknown as AnyScenario);
    return this;
  }

  /** The scenario with this id, or a ConfigError listing the ids that exist. */
  get(id: string, field = 'scenario'): AnyScenario {
    const scenario = this.scenarios.get(id);
    if (!scenario) throw new ConfigError(field, `unknown scenario "${id}"; available: ${this.ids().join(', ')}`);
    return scenario;
  }

  /** The scenario a condition id belongs to (its first path segment). */
  forCondition(conditionId: string, field = 'condition'): AnyScenario {
    return this.get(conditionId.split('/')[0] ?? '', field);
  }

  ids(): string[] {
    return [...this.scenarios.keys()].sort();
  }

  list(): AnyScenario[] {
    return this.ids().map((id) => this.get(id));
  }
}
