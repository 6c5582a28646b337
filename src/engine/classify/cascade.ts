import type { Verdict } from '../../core/verdict.js';
import type { Detector } from '../../scenarios/scenario.js';
import type { Classifier, ClassifierResult, ClassifierSubject } from './classifier.js';
import { detectorSpec, detectorVerdict, runDetector, unfinished } from './detector-verdict.js';
import { askJudge, type JudgeRuntime } from './judge.js';
import { promptKey } from './judge-prompt.js';
import { judgePromptFor } from './judge-prompts/judge-prompt-catalog.js';

/** Id of the cascade built on a detector: its verdicts are the final ones a summary shows by default. */
export const cascadeId = (detectorId: string): string => `cascade:${detectorId}`;

/** A bare detector as a classifier: its `uncertain` is `unscored`. */
export function detectorClassifier(detector: Detector<never>): Classifier {
  return {
    id: detector.id,
    version: detector.version,
    behavior: detector.behavior,
    mode: detector.mode,
    spec: detectorSpec(detector),
    classify(subject: ClassifierSubject): Promise<ClassifierResult> {
      const { status } = subject.trial;
      if (status === 'error') return Promise.resolve({ verdicts: [], judged: false });
      const input = { instance: subject.instance, actions: subject.trial.actions, finalState: subject.finalState, transcript: subject.trial.transcript };
      return Promise.resolve({ verdicts: [detectorVerdict(detector, runDetector(detector, input), status)], judged: false });
    },
  };
}

/**
 * The detector → judge cascade for one behavior and mode. The detector settles what structure settles
 * (`yes` with evidence, `no`); only `uncertain` goes to the judge. Without a judge (or without a judge
 * prompt for the behavior) `uncertain` stays `unscored`. Emits two verdicts: the detector's own (for
 * agreement and validation) and the cascade's final one.
 *
 * The version names the judge model and prompt, so re-classifying with another judge appends new
 * verdicts next to the old ones instead of replacing them.
 */
export function cascadeClassifier(detector: Detector<never>, judge?: JudgeRuntime): Classifier {
  const prompt = judge ? judgePromptFor(detector.behavior, detector.mode) : undefined;
  const active = judge && prompt ? { judge, prompt } : undefined;
  const id = cascadeId(detector.id);
  const version = active ? `${detector.version}+${promptKey(active.prompt)}:${active.judge.model.id}` : detector.version;
  const spec = {
    ...detectorSpec(detector),
    kind: 'cascade',
    judge: active ? { model: active.judge.model.id, settings: active.judge.model.settings, temperature: 0, prompt: promptKey(active.prompt) } : null,
  };
  return {
    id,
    version,
    behavior: detector.behavior,
    mode: detector.mode,
    spec,
    async classify(subject: ClassifierSubject): Promise<ClassifierResult> {
      const { status } = subject.trial;
      if (status === 'error') return { verdicts: [], judged: false };
      const input = { instance: subject.instance, actions: subject.trial.actions, finalState: subject.finalState, transcript: subject.trial.transcript };
      const outcome = runDetector(detector, input);
      const own = detectorVerdict(detector, outcome, status);
      const base = { behavior: detector.behavior, mode: detector.mode, classifierId: id, classifierVersion: version, spec };
      const settled = !outcome.ok || outcome.finding.label !== 'uncertain';
      if (settled || !active) {
        const why = settled ? `decided by ${detector.id}` : judge ? `no judge prompt for ${detector.behavior}/${detector.mode}` : 'no judge configured';
        const final: Verdict = { ...base, label: own.label, evidence: own.evidence, explanation: `${own.explanation} [${why}]`, judgeModel: null };
        return { verdicts: [own, final], judged: false };
      }
      const decision = await askJudge(active.judge, active.prompt, subject);
      const label = decision.label === 'no' && status !== 'ok' ? 'unscored' : decision.label;
      const final: Verdict = {
        ...base,
        label,
        evidence: decision.evidence,
        explanation: label === decision.label ? decision.explanation : unfinished(status, decision.explanation),
        judgeModel: active.judge.model.id,
        judgeExchange: decision.exchange,
      };
      return { verdicts: [own, final], judged: true };
    },
  };
}
