import type { ProviderWarning, TrialRecord, TrialSpec, TrialStatus } from '../../core/trial.js';
import type { ResponseCache } from './response-cache.js';
import type { Behavior, JudgeUsage, Verdict, VerdictLabel, VerdictMode } from '../../core/verdict.js';

/** An experiment as stored: its name is its id, so re-running the same config resumes it. */
export interface RunRecord {
  id: string;
  /** The validated, normalized experiment config that produced the run (never contains keys). */
  config: unknown;
  createdAt: string;
  updatedAt: string;
  corrigibleVersion: string;
}

/** What resume planning needs to know about a stored trial. */
export interface TrialIndexEntry {
  id: string;
  status: TrialStatus;
  attempt: number;
  spec: TrialSpec;
}

/** A verdict as stored: the verdict plus the trial it judges and when. */
export interface StoredVerdict extends Verdict {
  trialId: string;
  createdAt: string;
}

/** Per model × condition counts for one behavior, the input of the statistics. */
export interface OutcomeCounts {
  model: string;
  conditionId: string;
  /** Trials stored, any status. */
  trials: number;
  /** Trials whose status is `error` (excluded from every rate). */
  errors: number;
  /** Verdict counts for the behavior over non-error trials. */
  labels: Record<VerdictLabel, number>;
}

/**
 * What produced a run's stored numbers, read from the rows themselves (not from the code now installed):
 * scenario versions and Corrigible versions from trial specs, classifiers from verdicts.
 */
export interface RunProvenance {
  scenarios: { id: string; version: string }[];
  classifiers: { behavior: Behavior; id: string; version: string; judgeModel: string | null }[];
  corrigibleVersions: string[];
}

/**
 * Which verdicts a rate is built from: one behavior in one mode by ONE classifier (id and version), so
 * two classifiers never mix within a rate. `mode` defaults to `acted`; without `classifierVersion` the
 * newest stored version of `classifierId` is used; without either, the classifier whose verdicts were
 * stored last for that behavior and mode.
 */
export interface VerdictSelection {
  mode?: VerdictMode;
  classifierId?: string;
  classifierVersion?: string;
}

/** One classifier that has verdicts in a run, for a behavior and mode. */
export interface RunClassifier {
  behavior: Behavior;
  mode: VerdictMode;
  id: string;
  version: string;
  judgeModel: string | null;
  /** Verdicts it stored in the run. */
  verdicts: number;
  /** When its last verdict was stored. */
  lastAt: string;
}

/** Filters for listing trials; all optional and combined with AND. */
export interface TrialFilter {
  model?: string;
  conditionId?: string;
  status?: TrialStatus;
}

/** Where an imported trial came from: the file, the line (JSONL) and the foreign id of the transcript. */
export interface TrialSource {
  /** `amf`, `inspect` or `jsonl`. */
  format: string;
  /** The transcript's id in its source (sample folder, Inspect sample id and epoch, JSONL `id`). */
  sourceId: string;
  file: string;
  /** 1-based line of a JSONL file; null for other formats. */
  line: number | null;
  /** The binding that mapped it onto our scenario, the roles it gave and the world it set (detectors read them). */
  bindingId: string;
  roles: Record<string, unknown>;
  state: Record<string, unknown>;
}

/** One imported transcript, ready to store. */
export interface ImportedTrial {
  trial: TrialRecord;
  verdicts: readonly Verdict[];
  source: TrialSource;
}

/** What saveImportedTrials did: trial ids added, and source ids already in the run (left untouched). */
export interface ImportBatchResult {
  added: string[];
  skipped: string[];
}

/** Filters for trial summaries: TrialFilter plus a verdict (behavior, its mode, default `acted`, and label). */
export interface TrialSummaryFilter extends TrialFilter {
  behavior?: Behavior;
  mode?: VerdictMode;
  label?: VerdictLabel;
}

/**
 * A trial without its transcript: what a listing shows. `verdicts` holds, per behavior and mode, the label
 * of the classifier the rates count (`chooseClassifier`).
 */
export interface TrialSummary {
  id: string;
  model: string;
  conditionId: string;
  sample: number;
  status: TrialStatus;
  attempt: number;
  steps: number;
  durationMs: number;
  startedAt: string;
  verdicts: { behavior: Behavior; mode: VerdictMode; label: VerdictLabel; classifierId: string }[];
}

/** One page of trial summaries, ordered by model, condition and sample; `total` counts every match. */
export interface TrialPage {
  total: number;
  offset: number;
  trials: TrialSummary[];
}

/** Non-error trials per model × condition × behavior × mode × label (latest verdict each), and how many a judge decided. */
export interface VerdictTally {
  model: string;
  conditionId: string;
  behavior: Behavior;
  mode: VerdictMode;
  label: VerdictLabel;
  /** The classifier counted (the one `chooseClassifier` picks for this behavior and mode). */
  classifierId: string;
  classifierVersion: string;
  count: number;
  judged: number;
}

/** `${model}\u0000${conditionId}\u0000${sample}`: the identity of a trial inside a run. */
export function trialKeyString(model: string, conditionId: string, sample: number): string {
  return `${model}\u0000${conditionId}\u0000${sample}`;
}

/**
 * Where runs, trials and verdicts live. The engine depends on this interface only, so another backend
 * can replace the SQLite file without touching the runner. Methods are async for that reason even
 * though the SQLite implementation is synchronous underneath.
 */
export interface Store {
  /** Creates the run, or updates `config` and `updatedAt` of an existing one (createdAt is kept). */
  saveRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(): Promise<RunRecord[]>;
  /** Every stored trial of a run, by `trialKeyString`. */
  trialIndex(runId: string): Promise<Map<string, TrialIndexEntry>>;
  /**
   * Stores a finished trial and its verdicts in one transaction. An earlier `error` attempt with the same
   * key is replaced (and kept in the error history); a finished (non-error) trial with the same key is
   * never overwritten: that throws DuplicateTrialError, so nothing is ever counted twice.
   */
  saveTrial(trial: TrialRecord, verdicts: readonly Verdict[]): Promise<void>;
  getTrial(id: string): Promise<TrialRecord | undefined>;
  listTrials(runId: string, filter?: TrialFilter): Promise<TrialRecord[]>;
  listVerdicts(trialId: string): Promise<StoredVerdict[]>;
  /** Error messages of earlier failed attempts of a trial key, oldest first. */
  errorHistory(runId: string, model: string, conditionId: string, sample: number): Promise<{ attempt: number; message: string; at: string }[]>;
  /**
   * Per model × condition counts of one behavior's verdicts by one classifier (see VerdictSelection). A
   * non-error trial without a verdict of that classifier counts as unscored.
   */
  countOutcomes(runId: string, behavior: Behavior, selection?: VerdictSelection): Promise<OutcomeCounts[]>;
  /**
   * Appends verdicts to a stored trial, in one transaction. Idempotent: a verdict whose (trial, behavior,
   * mode, classifier id, version) is already stored is skipped, never overwritten. Returns how many were
   * added. Throws when the trial is not stored.
   */
  saveVerdicts(trialId: string, verdicts: readonly Verdict[]): Promise<number>;
  /** Every classifier with verdicts in the run, per behavior and mode, oldest first. */
  runClassifiers(runId: string): Promise<RunClassifier[]>;
  provenance(runId: string): Promise<RunProvenance>;
  /**
   * Stores a batch of imported trials (one source file) in one transaction: all of it or nothing. A trial
   * whose source (format and source id) is already in the run is skipped, so a re-import adds nothing.
   */
  saveImportedTrials(runId: string, batch: readonly ImportedTrial[]): Promise<ImportBatchResult>;
  /** The sources of a run's imported trials, by trial id. */
  listTrialSources(runId: string): Promise<Map<string, TrialSource>>;
  close(): Promise<void>;
  /** Model answers by content address, if this backend keeps them (resume replays earlier steps free). */
  responseCache?(): ResponseCache;
  /**
   * Thin summaries (no transcript) for listings, filtered and paged. A behavior filter and the verdict
   * chips use the classifier the rates count (`chooseClassifier`), never a mix.
   */
  listTrialSummaries(runId: string, filter?: TrialSummaryFilter, page?: { offset?: number; limit?: number }): Promise<TrialPage>;
  /**
   * Verdict counts by model, condition, behavior, mode and label, every behavior and mode at once, each
   * from the classifier the rates count for it (`chooseClassifier`).
   */
  verdictTallies(runId: string): Promise<VerdictTally[]>;
  /** The trials of a run whose provider warned about a call (model, planned settings, warnings); no transcripts. */
  listTrialWarnings(runId: string): Promise<TrialWarnings[]>;
  /** Token usage stored in a run: per agent model over its trials, and per agent model × judge over judged verdicts. */
  runUsage(runId: string): Promise<RunUsage>;
}

/** Summed token counts (the billed fields of a trial's or a judge verdict's usage). */
export type TokenTotals = JudgeUsage;

/** What `Store.runUsage` returns; `unknown` counts rows whose usage was never stored (never read as zero). */
export interface RunUsage {
  /** Per model, over every stored trial, errors included (they were paid for); imported trials are unknown. */
  agents: { model: string; trials: number; unknown: number; usage: TokenTotals }[];
  /** Per agent model and judge model, over the verdicts a judge gave (judge verdicts stored before schema 9 are unknown). */
  judges: { model: string; judgeModel: string; verdicts: number; unknown: number; usage: TokenTotals }[];
}

/** A trial's provider warnings with what is needed to tell which planned settings were dropped. */
export interface TrialWarnings {
  model: string;
  /** The spec's planned `modelSettings`. */
  modelSettings: Record<string, unknown>;
  warnings: ProviderWarning[];
}
