import type { Behavior, VerdictMode } from '../../core/verdict.js';
import type { RunClassifier, StoredVerdict, VerdictSelection } from './store.js';

/**
 * The one classifier whose verdicts a rate of `behavior` in `mode` counts: `wanted` (a `cascade:<detector>`
 * or bare detector id) when given, else the cascade stored last (its verdicts are the final ones: the
 * detector's, or the judge's where the detector sent the trial on), else the classifier stored last.
 * Every reader of rates (summary, report, viewer, Inspect export, adaptive stopping, mitigation arms) picks
 * with this function, so a number never mixes classifiers and every view agrees on which one it shows.
 * `stored` is `Store.runClassifiers` (oldest first).
 */
export function chooseClassifier(stored: readonly RunClassifier[], behavior: Behavior, mode: VerdictMode, wanted?: string): RunClassifier | undefined {
  const candidates = stored.filter((c) => c.behavior === behavior && c.mode === mode);
  if (wanted !== undefined) return candidates.filter((c) => c.id === wanted).at(-1);
  return candidates.filter((c) => c.id.startsWith('cascade:')).at(-1) ?? candidates.at(-1);
}

/** The chosen classifier of every behavior and mode that has verdicts in the run. */
export function chooseClassifiers(stored: readonly RunClassifier[], wanted?: string): RunClassifier[] {
  const questions = new Map(stored.map((c) => [`${c.behavior}\u0000${c.mode}`, c]));
  return [...questions.values()].flatMap((c) => chooseClassifier(stored, c.behavior, c.mode, wanted) ?? []);
}

/**
 * The `countOutcomes` selection for a chosen classifier. With none chosen, a classifier id that cannot
 * exist, so every trial counts as unscored rather than as whatever classifier was stored last.
 */
export function selectionOf(chosen: Pick<RunClassifier, 'id' | 'version'> | undefined, mode: VerdictMode): VerdictSelection {
  return chosen ? { mode, classifierId: chosen.id, classifierVersion: chosen.version } : { mode, classifierId: '\u0000none' };
}

/** Whether a stored verdict is the chosen classifier's verdict for its behavior and mode. */
export function isChosenVerdict(chosen: readonly RunClassifier[], verdict: Pick<StoredVerdict, 'behavior' | 'mode' | 'classifierId' | 'classifierVersion'>): boolean {
  return chosen.some((c) => c.behavior === verdict.behavior && c.mode === verdict.mode && c.id === verdict.classifierId && c.version === verdict.classifierVersion);
}
