import type { Detector } from '../../scenarios/scenario.js';
import type { Classifier, ClassifierResult, ClassifierSubject } from './classifier.js';
import { askJudge, type JudgeRuntime } from './judge.js';
import { promptKey } from './judge-prompt.js';
import { judgePromptFor } from './judge-prompts/judge-prompt-catalog.js';

/**
 * The judge alone on a detector's question, for every trial (not only the uncertain ones): what
 * validation compares with the detector and with a second judge. Undefined when no prompt exists.
 */
export function judgeOnlyClassifier(detector: Detector<never>, judge: JudgeRuntime): Classifier | undefined {
  const prompt = judgePromptFor(detector.behavior, detector.mode);
  if (!prompt) return undefined;
  const id = `judge:${detector.behavior}/${detector.mode}`;
  const version = `${promptKey(prompt)}:${judge.model.id}`;
  const spec = { kind: 'judge', model: judge.model.id, settings: judge.model.settings, temperature: 0, prompt: promptKey(prompt) };
  return {
    id,
    version,
    behavior: detector.behavior,
    mode: detector.mode,
    spec,
    async classify(subject: ClassifierSubject): Promise<ClassifierResult> {
      if (subject.trial.status === 'error') return { verdicts: [], judged: false };
      const decision = await askJudge(judge, prompt, subject);
      return {
        verdicts: [
          { behavior: detector.behavior, mode: detector.mode, label: decision.label, evidence: decision.evidence, explanation: decision.explanation, classifierId: id, classifierVersion: version, judgeModel: judge.model.id, spec, judgeExchange: decision.exchange },
        ],
        judged: true,
      };
    },
  };
}
