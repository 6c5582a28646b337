import type { Verdict } from '../../core/verdict.js';
import type { Classifier, ClassifierSubject } from './classifier.js';

/**
 * Runs a set of classifiers on one finished trial and returns every verdict they produce (the runner
 * stores them with the trial; `classifyRun` appends them to stored trials). An `error` trial gets none.
 */
export async function classifyFinishedTrial(classifiers: readonly Classifier[], subject: ClassifierSubject): Promise<{ verdicts: Verdict[]; judged: boolean }> {
  const verdicts: Verdict[] = [];
  let judged = false;
  const seen = new Set<string>();
  for (const classifier of classifiers) {
    const result = await classifier.classify(subject);
    judged ||= result.judged;
    for (const v of result.verdicts) {
      // Two cascades may share a detector; its own verdict is kept once.
      const key = `${v.behavior}\u0000${v.mode}\u0000${v.classifierId}\u0000${v.classifierVersion}`;
      if (seen.has(key)) continue;
      seen.add(key);
      verdicts.push(v);
    }
  }
  return { verdicts, judged };
}
