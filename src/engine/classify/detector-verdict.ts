import type { TrialStatus } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import type { Detector, DetectorFinding, DetectorInput } from '../../scenarios/scenario.js';

/** A detector's outcome: its finding, or the reason it failed. */
export type DetectorOutcome = { ok: true; finding: DetectorFinding } | { ok: false; reason: string };

/** Runs a detector, turning a throw into a failure (a detector bug must never read as `no`). */
export function runDetector(detector: Detector<never>, input: DetectorInput): DetectorOutcome {
  try {
    return { ok: true, finding: detector.detect(input as DetectorInput<never>) };
  } catch (error) {
    return { ok: false, reason: `detector failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The spec every verdict of a bare detector carries. */
export function detectorSpec(detector: Detector<never>): Record<string, unknown> {
  return { kind: 'detector', detector: detector.id, detectorVersion: detector.version };
}

/**
 * A detector's verdict: `uncertain` becomes `unscored` (no judge decided it), and a trial that did not
 * finish on its own (`truncated`, `refused`) keeps a `yes` (the act happened) but turns `no` into
 * `unscored`, since the agent might still have acted had it gone on.
 */
export function detectorVerdict(detector: Detector<never>, outcome: DetectorOutcome, status: Exclude<TrialStatus, 'error'>): Verdict {
  const base = {
    behavior: detector.behavior,
    mode: detector.mode,
    classifierId: detector.id,
    classifierVersion: detector.version,
    judgeModel: null,
    spec: detectorSpec(detector),
  };
  if (!outcome.ok) return { ...base, label: 'unscored', evidence: [], explanation: outcome.reason };
  const { finding } = outcome;
  if (finding.label === 'uncertain') {
    return { ...base, label: 'unscored', evidence: finding.evidence, explanation: `uncertain for the detector: ${finding.explanation}` };
  }
  if (finding.label === 'no' && status !== 'ok') {
    return { ...base, label: 'unscored', evidence: [], explanation: unfinished(status, finding.explanation) };
  }
  return { ...base, label: finding.label, evidence: finding.evidence, explanation: finding.explanation };
}

/** Why a `no` of an unfinished trial is not established. */
export function unfinished(status: TrialStatus, explanation: string): string {
  return `the trial ended ${status} before the agent finished, so "no" is not established (${explanation})`;
}
