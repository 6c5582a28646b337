import type { TrialStatus } from '../../core/trial.js';
import type { Behavior, Evidence, VerdictLabel, VerdictMode } from '../../core/verdict.js';
import type { Store, TrialSource } from '../store/store.js';
import { UnknownRunError } from '../store/unknown-run-error.js';

/** One line of `corrigible export --format jsonl`: a trial, where it came from, and every verdict on it. */
export interface ExportedTrial {
  trialId: string;
  runId: string;
  model: string;
  conditionId: string;
  sample: number;
  status: TrialStatus;
  /** The source of an imported trial (file, line, source id); null for trials Corrigible ran itself. */
  source: TrialSource | null;
  verdicts: {
    behavior: Behavior;
    mode: VerdictMode;
    label: VerdictLabel;
    classifierId: string;
    classifierVersion: string;
    judgeModel: string | null;
    explanation: string;
    evidence: Evidence[];
    createdAt: string;
  }[];
}

/**
 * Every trial of a run with its status, source and verdicts, in store order: what a reader joins back to
 * the transcripts they imported (by `source.sourceId`) or checks by hand.
 */
export async function exportRunVerdicts(store: Store, runId: string): Promise<ExportedTrial[]> {
  if (!(await store.getRun(runId))) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const sources = await store.listTrialSources(runId);
  const out: ExportedTrial[] = [];
  for (const trial of await store.listTrials(runId)) {
    const verdicts = await store.listVerdicts(trial.id);
    out.push({
      trialId: trial.id,
      runId,
      model: trial.model,
      conditionId: trial.conditionId,
      sample: trial.sample,
      status: trial.status,
      source: sources.get(trial.id) ?? null,
      verdicts: verdicts.map((v) => ({
        behavior: v.behavior,
        mode: v.mode,
        label: v.label,
        classifierId: v.classifierId,
        classifierVersion: v.classifierVersion,
        judgeModel: v.judgeModel,
        explanation: v.explanation,
        evidence: v.evidence,
        createdAt: v.createdAt,
      })),
    });
  }
  return out;
}
