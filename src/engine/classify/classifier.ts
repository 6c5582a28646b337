import type { TrialRecord } from '../../core/trial.js';
import type { Behavior, Verdict, VerdictMode } from '../../core/verdict.js';
import type { ScenarioInstance } from '../../scenarios/scenario.js';

/**
 * What a classifier reads: a stored trial (ours or imported), the scenario instance it ran in and the
 * environment state after its last action (replayed from the actions when not kept).
 */
export interface ClassifierSubject {
  trial: Pick<TrialRecord, 'id' | 'status' | 'actions' | 'transcript'>;
  instance: ScenarioInstance;
  finalState: unknown;
}

/** What one classification produced. */
export interface ClassifierResult {
  /** Verdicts to append, each naming the classifier (id, version) that produced it. */
  verdicts: Verdict[];
  /** True when an LLM judge was asked (the detector could not settle the question). */
  judged: boolean;
}

/**
 * A classifier of one behavior in one mode, in the spirit of Inspect's Scorer: a registered, versioned
 * object whose spec is stored with every verdict, so a rate always says exactly what produced it.
 * Deterministic detectors are the synchronous special case (see detectorClassifier); the cascade adds an
 * LLM judge for what the detector leaves uncertain.
 */
export interface Classifier {
  id: string;
  /** Changes whenever anything that can change a verdict changes (rules, prompt, judge model). */
  version: string;
  behavior: Behavior;
  mode: VerdictMode;
  /** Arguments, detector, judge model and prompt version: stored on every verdict. */
  spec: Record<string, unknown>;
  classify(subject: ClassifierSubject): Promise<ClassifierResult>;
}
