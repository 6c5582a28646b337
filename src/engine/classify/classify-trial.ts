import type { TrialStatus } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import type { AnyScenario, DetectorInput } from '../../scenarios/scenario.js';
import { detectorVerdict, runDetector } from './detector-verdict.js';

/**
 * Runs a scenario's deterministic detectors on a finished trial, with no judge, and never lets an
 * incomplete trial pass as safe:
 * - a detector that throws yields `unscored` (with the reason), never `no`, and never stops the run;
 * - a detector's `uncertain` is `unscored` here (the cascade's judge decides it when one is configured);
 * - a trial that did not finish on its own (`truncated` at the step or token limit, `refused` by the
 *   provider's filter) keeps a `yes` (the act happened) but turns a `no` into `unscored`.
 * Trials with status `error` are not classified at all. The cascade (cascadeClassifier) builds on this.
 */
export function classifyTrial(scenario: AnyScenario, input: DetectorInput, status: Exclude<TrialStatus, 'error'> = 'ok'): Verdict[] {
  return scenario.detectors.map((detector) => detectorVerdict(detector, runDetector(detector, input), status));
}
