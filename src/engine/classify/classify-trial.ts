import type { Verdict } from '../../core/verdict.js';
import type { AnyScenario, DetectorInput } from '../../scenarios/scenario.js';

/**
 * Runs a scenario's deterministic detectors on a finished trial. A detector that throws yields an
 * `unscored` verdict (with the reason), never a `no`, and never stops the run.
 */
export function classifyTrial(scenario: AnyScenario, input: DetectorInput): Verdict[] {
  return scenario.detectors.map((detector) => {
    try {
      return detector.detect(input as DetectorInput<never>);
    } catch (error) {
      return {
        behavior: detector.behavior,
        mode: 'acted',
        label: 'unscored',
        evidence: [],
        explanation: `detector failed: ${error instanceof Error ? error.message : String(error)}`,
        classifierId: detector.id,
        classifierVersion: detector.version,
        judgeModel: null,
      } satisfies Verdict;
    }
  });
}
