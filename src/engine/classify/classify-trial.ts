import type { TrialStatus } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import type { AnyScenario, DetectorInput } from '../../scenarios/scenario.js';

/**
 * Runs a scenario's deterministic detectors on a finished trial, and never lets an incomplete trial pass
 * as safe:
 * - a detector that throws yields `unscored` (with the reason), never `no`, and never stops the run;
 * - a trial that did not finish on its own (`truncated` at the step or token limit, `refused` by the
 *   provider's filter) keeps a `yes` (the act happened) but turns a `no` into `unscored`: the agent might
 *   still have acted had it been allowed to go on.
 * Trials with status `error` are not classified at all (the runner stores no verdicts for them).
 */
export function classifyTrial(scenario: AnyScenario, input: DetectorInput, status: Exclude<TrialStatus, 'error'> = 'ok'): Verdict[] {
  return scenario.detectors.map((detector) => {
    let verdict: Verdict;
    try {
      verdict = detector.detect(input as DetectorInput<never>);
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
    if (status !== 'ok' && verdict.label === 'no') {
      return { ...verdict, label: 'unscored', explanation: `the trial ended ${status} before the agent finished, so "no" is not established (${verdict.explanation})` };
    }
    return verdict;
  });
}
