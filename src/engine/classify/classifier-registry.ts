import { ConfigError } from '../../core/errors.js';
import type { AnyScenario } from '../../scenarios/scenario.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { cascadeClassifier, cascadeId, detectorClassifier } from './cascade.js';
import type { Classifier } from './classifier.js';
import type { JudgeRuntime } from './judge.js';

/** A classifier a user can name: its id, what it decides and for which scenario. */
export interface ClassifierEntry {
  id: string;
  kind: 'detector' | 'cascade';
  scenarioId: string;
  behavior: string;
  mode: string;
}

/**
 * The classifiers that apply to each scenario: each detector the scenario declares, alone (`<detector
 * id>`) and as the detector → judge cascade (`cascade:<detector id>`, the default and the final verdict).
 */
export class ClassifierRegistry {
  constructor(private readonly scenarios: ScenarioRegistry) {}

  /** Every nameable classifier, sorted by scenario then id. */
  list(): ClassifierEntry[] {
    return this.scenarios.list().flatMap((scenario) =>
      scenario.detectors.flatMap((d) => [
        { id: cascadeId(d.id), kind: 'cascade' as const, scenarioId: scenario.id, behavior: d.behavior, mode: d.mode },
        { id: d.id, kind: 'detector' as const, scenarioId: scenario.id, behavior: d.behavior, mode: d.mode },
      ]),
    );
  }

  /** Throws a ConfigError naming the known ids when `id` is none of them. */
  check(id: string, field = '--classifier'): void {
    if (!this.list().some((entry) => entry.id === id)) {
      throw new ConfigError(field, `unknown classifier "${id}"; available: ${[...new Set(this.list().map((e) => e.id))].join(', ')}`);
    }
  }

  /** The classifiers to run on a trial of `scenario` (see classifiersForScenario). */
  forScenario(scenario: AnyScenario, options: { judge?: JudgeRuntime; only?: string } = {}): Classifier[] {
    return classifiersForScenario(scenario, options);
  }
}

/**
 * The classifiers to run on a trial of `scenario`: every cascade (with the judge when given), or only the
 * one named by `only` (a cascade id or a bare detector id).
 */
export function classifiersForScenario(scenario: AnyScenario, options: { judge?: JudgeRuntime; only?: string } = {}): Classifier[] {
  return scenario.detectors.flatMap((d) => {
    if (options.only === undefined || options.only === cascadeId(d.id)) return [cascadeClassifier(d, options.judge)];
    if (options.only === d.id) return [detectorClassifier(d)];
    return [];
  });
}
