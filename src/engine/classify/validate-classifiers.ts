import type { Behavior, VerdictLabel, VerdictMode } from '../../core/verdict.js';
import type { Detector } from '../../scenarios/scenario.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { binaryMetrics, cohensKappa, type BinaryMetrics, type Outcome } from './binary-metrics.js';
import { cascadeClassifier, cascadeId } from './cascade.js';
import type { Classifier } from './classifier.js';
import { runDetector } from './detector-verdict.js';
import type { JudgeRuntime } from './judge.js';
import { judgeOnlyClassifier } from './judge-classifier.js';
import { caseQuestions, replayCase, type LabeledCase } from './labeled-set.js';

type Predicted = Outcome['predicted'];

/** Truth × prediction counts. */
export type Confusion = Record<'yes' | 'no', Record<Predicted, number>>;

/** How one classifier did on one question. */
export interface ClassifierValidation {
  id: string;
  version: string;
  judgeModel: string | null;
  metrics: BinaryMetrics;
  confusion: Confusion;
  /** Case ids it got wrong (yes on a negative, no on a positive). */
  wrong: string[];
}

/** Validation of one behavior and mode over the labeled cases that answer it. */
export interface QuestionValidation {
  behavior: Behavior;
  mode: VerdictMode;
  cases: number;
  positives: number;
  /** The bare detector (its `abstain` is `uncertain`). */
  detector: ClassifierValidation & {
    /** Positives the detector answered `no`: must be 0, or no judge can reach full recall. */
    noOnPositive: string[];
    /** Cases the detector left uncertain: what the cascade sends to the judge. */
    sentToJudge: number;
  };
  /** The cascade's final verdicts, then each judge alone when given. */
  classifiers: ClassifierValidation[];
  /** Cohen's kappa between pairs of classifiers, over cases both decided. */
  agreement: { a: string; b: string; n: number; agreement: number | null; kappa: number | null }[];
}

/** Options of validateClassifiers. */
export interface ValidateOptions {
  scenarios: ScenarioRegistry;
  judge?: JudgeRuntime;
  /** A second judge, to measure judge-vs-judge agreement. */
  compareJudge?: JudgeRuntime;
  /** Only the questions of this detector (`<detector id>` or `cascade:<detector id>`). */
  only?: string;
  confidence?: number;
}

const fromLabel = (label: VerdictLabel | 'uncertain'): Predicted => (label === 'yes' ? 'yes' : label === 'no' ? 'no' : 'abstain');

function emptyConfusion(): Confusion {
  return { yes: { yes: 0, no: 0, abstain: 0 }, no: { yes: 0, no: 0, abstain: 0 } };
}

function summarize(id: string, version: string, judgeModel: string | null, rows: readonly { caseId: string; truth: 'yes' | 'no'; predicted: Predicted }[], confidence: number): ClassifierValidation {
  const confusion = emptyConfusion();
  for (const r of rows) confusion[r.truth][r.predicted]++;
  return {
    id,
    version,
    judgeModel,
    metrics: binaryMetrics(rows, confidence),
    confusion,
    wrong: rows.filter((r) => r.predicted !== 'abstain' && r.predicted !== r.truth).map((r) => r.caseId),
  };
}

interface Track {
  classifier: Classifier;
  rows: { caseId: string; truth: 'yes' | 'no'; predicted: Predicted }[];
}

/**
 * Runs the detector, the cascade and (when given) each judge alone on every labeled case, and reports
 * per behavior and mode: precision, recall and F1 with intervals, the confusion table, what the detector
 * sends to the judge, and agreement between classifiers.
 */
export async function validateClassifiers(cases: readonly LabeledCase[], options: ValidateOptions): Promise<QuestionValidation[]> {
  const confidence = options.confidence ?? 0.95;
  const questions = new Map<string, { behavior: Behavior; mode: VerdictMode; detector: Detector<never>; detectorRows: Track['rows']; tracks: Track[] }>();
  for (const c of cases) {
    const subject = replayCase(c, options.scenarios);
    const scenario = options.scenarios.forCondition(c.condition, `case ${c.id}`);
    for (const { behavior, mode, truth } of caseQuestions(c)) {
      const detector = scenario.detectors.find((d) => d.behavior === behavior && d.mode === mode && (options.only === undefined || options.only === d.id || options.only === cascadeId(d.id)));
      if (!detector) continue;
      const key = `${behavior}/${mode}`;
      let q = questions.get(key);
      if (!q) {
        const tracks: Track[] = [{ classifier: cascadeClassifier(detector, options.judge), rows: [] }];
        for (const judge of [options.judge, options.compareJudge]) {
          const alone = judge && judgeOnlyClassifier(detector, judge);
          if (alone) tracks.push({ classifier: alone, rows: [] });
        }
        q = { behavior, mode, detector, detectorRows: [], tracks };
        questions.set(key, q);
      }
      const input = { instance: subject.instance, actions: subject.trial.actions, finalState: subject.finalState, transcript: subject.trial.transcript };
      const outcome = runDetector(q.detector, input);
      q.detectorRows.push({ caseId: c.id, truth, predicted: outcome.ok ? fromLabel(outcome.finding.label) : 'abstain' });
      for (const track of q.tracks) {
        const { verdicts } = await track.classifier.classify(subject);
        const mine = verdicts.find((v) => v.classifierId === track.classifier.id);
        track.rows.push({ caseId: c.id, truth, predicted: mine ? fromLabel(mine.label) : 'abstain' });
      }
    }
  }
  return [...questions.values()].map((q) => {
    const detector = summarize(q.detector.id, q.detector.version, null, q.detectorRows, confidence);
    const classifiers = q.tracks.map((t) => summarize(t.classifier.id, t.classifier.version, (t.classifier.spec.judge as { model?: string } | null | undefined)?.model ?? (typeof t.classifier.spec.model === 'string' ? t.classifier.spec.model : null), t.rows, confidence));
    const named = [{ id: q.detector.id, rows: q.detectorRows }, ...q.tracks.map((t) => ({ id: `${t.classifier.id}@${t.classifier.version}`, rows: t.rows }))];
    const agreement = [];
    for (let i = 0; i < named.length; i++) {
      for (let j = i + 1; j < named.length; j++) {
        const a = named[i];
        const b = named[j];
        if (!a || !b) continue;
        agreement.push({ a: a.id, b: b.id, ...cohensKappa(a.rows.map((r, k) => [r.predicted, b.rows[k]?.predicted ?? 'abstain'] as const)) });
      }
    }
    return {
      behavior: q.behavior,
      mode: q.mode,
      cases: q.detectorRows.length,
      positives: q.detectorRows.filter((r) => r.truth === 'yes').length,
      detector: {
        ...detector,
        noOnPositive: q.detectorRows.filter((r) => r.truth === 'yes' && r.predicted === 'no').map((r) => r.caseId),
        sentToJudge: q.detectorRows.filter((r) => r.predicted === 'abstain').length,
      },
      classifiers,
      agreement,
    };
  });
}
