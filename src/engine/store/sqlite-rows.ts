import { z } from 'zod';
import { TrialRecordSchema, TrialSpecSchema, TrialStatusSchema } from '../../core/trial.js';
import type { TrialRecord } from '../../core/trial.js';
import { BehaviorSchema, VerdictModeSchema, VerdictSchema } from '../../core/verdict.js';
import type { Verdict } from '../../core/verdict.js';
import { InvalidRecordError, StoreCorruptError } from './store-errors.js';
import type { RunRecord, StoredVerdict } from './store.js';

/*
 * How rows map to records: every row read back is validated, and a bad one names its table, row and column.
 */

export type Row = Record<string, unknown>;

export const RunRecordSchema = z.object({
  id: z.string().min(1),
  config: z.unknown(),
  createdAt: z.string(),
  updatedAt: z.string(),
  corrigibleVersion: z.string(),
});

export const StoredVerdictSchema = VerdictSchema.extend({ trialId: z.string(), createdAt: z.string() });

export const TrialIndexEntrySchema = z.object({
  id: z.string(),
  model: z.string(),
  conditionId: z.string(),
  sample: z.number().int().nonnegative(),
  status: TrialStatusSchema,
  attempt: z.number().int().positive(),
  spec: TrialSpecSchema,
});

export const SpecVersionSchema = z.object({ id: z.string(), version: z.string(), corrigibleVersion: z.string() });
export const ClassifierRowSchema = z.object({ behavior: BehaviorSchema, id: z.string(), version: z.string(), judgeModel: z.string().nullable() });

/** A row of trial_sources (migration 4), and what saveImportedTrials accepts. */
export const TrialSourceSchema = z.object({
  format: z.string().min(1),
  sourceId: z.string().min(1),
  file: z.string().min(1),
  line: z.number().int().positive().nullable(),
  bindingId: z.string().min(1),
  roles: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()),
});

export const RunClassifierSchema = z.object({
  behavior: BehaviorSchema,
  mode: VerdictModeSchema,
  id: z.string(),
  version: z.string(),
  judgeModel: z.string().nullable(),
  verdicts: z.number().int().positive(),
  lastAt: z.string(),
});

export const ErrorHistoryEntrySchema = z.object({ attempt: z.number().int().positive(), message: z.string(), at: z.string() });

export const OutcomeCountsSchema = z.object({
  model: z.string(),
  conditionId: z.string(),
  trials: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  labels: z.object({
    yes: z.number().int().nonnegative(),
    no: z.number().int().nonnegative(),
    unscored: z.number().int().nonnegative(),
  }),
});

/** Record field → column, so a validation failure names the column a reader can inspect with sqlite3. */
export const TRIAL_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  runId: 'run_id',
  model: 'model',
  conditionId: 'condition_id',
  sample: 'sample',
  status: 'status',
  attempt: 'attempt',
  seed: 'seed',
  spec: 'spec_json',
  transcript: 'transcript_json',
  actions: 'actions_json',
  usage: 'usage_json',
  steps: 'steps',
  startedAt: 'started_at',
  durationMs: 'duration_ms',
  modelMs: 'model_ms',
  error: 'error_json',
};
export const VERDICT_COLUMNS: Readonly<Record<string, string>> = {
  trialId: 'trial_id',
  behavior: 'behavior',
  mode: 'mode',
  label: 'label',
  evidence: 'evidence_json',
  explanation: 'explanation',
  classifierId: 'classifier_id',
  classifierVersion: 'classifier_version',
  judgeModel: 'judge_model',
  createdAt: 'created_at',
  spec: 'spec_json',
  judgeExchange: 'judge_json',
};
export const RUN_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  config: 'config_json',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  corrigibleVersion: 'corrigible_version',
};
export const COUNT_COLUMNS: Readonly<Record<string, string>> = { conditionId: 'condition_id' };

export const TRIAL_SELECT = `SELECT id, run_id, model, condition_id, sample, status, attempt, seed, spec_json, transcript_json,
  actions_json, usage_json, steps, started_at, duration_ms, model_ms, error_json FROM trials`;
export const VERDICT_SELECT = `SELECT id, trial_id, behavior, mode, label, evidence_json, explanation, classifier_id,
  classifier_version, judge_model, created_at, spec_json, judge_json FROM verdicts`;
export const RUN_SELECT = 'SELECT id, config_json, created_at, updated_at, corrigible_version FROM runs';

/** `transcript[3].role` style path of a zod issue, starting at the column name. */
export function fieldPath(path: readonly PropertyKey[], columns: Readonly<Record<string, string>>): string {
  const [head, ...rest] = path;
  let text = head === undefined ? '(row)' : (columns[String(head)] ?? String(head));
  for (const key of rest) text += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return text;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function rowIdOf(row: Row): string {
  return typeof row.id === 'string' ? JSON.stringify(row.id) : String(row.id);
}

export function parseJsonColumn(table: string, row: Row, column: string): unknown {
  const text = row[column];
  if (text === null && column === 'error_json') return null;
  if (typeof text !== 'string') {
    throw new StoreCorruptError(table, rowIdOf(row), column, `expected JSON text, found ${text === null ? 'NULL' : typeof text}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreCorruptError(table, rowIdOf(row), column, `not valid JSON (${errorMessage(error)})`, { cause: error });
  }
}

export function validateRow<T>(
  schema: z.ZodType<T>,
  candidate: unknown,
  table: string,
  row: Row,
  columns: Readonly<Record<string, string>>,
): T {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? fieldPath(issue.path, columns) : '(row)';
  throw new StoreCorruptError(table, rowIdOf(row), field, issue?.message ?? 'does not match its schema', { cause: result.error });
}

/** Validates one column value of a raw row (a scalar, or JSON already parsed). */
export function validateColumn<T>(schema: z.ZodType<T>, value: unknown, table: string, row: Row, column: string): T {
  return validateRow(z.object({ [column]: schema }), { [column]: value }, table, row, {})[column] as T;
}

export function validateInput<T>(schema: z.ZodType<T>, value: unknown, record: 'run' | 'trial' | 'verdict', prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('') : '';
  throw new InvalidRecordError(record, `${prefix}${path}`.replace(/^\./, ''), issue?.message ?? 'does not match its schema');
}

export function decodeTrial(row: Row): TrialRecord {
  const table = 'trials';
  return validateRow(
    TrialRecordSchema,
    {
      id: row.id,
      runId: row.run_id,
      model: row.model,
      conditionId: row.condition_id,
      sample: row.sample,
      status: row.status,
      attempt: row.attempt,
      seed: row.seed,
      spec: parseJsonColumn(table, row, 'spec_json'),
      transcript: parseJsonColumn(table, row, 'transcript_json'),
      actions: parseJsonColumn(table, row, 'actions_json'),
      usage: parseJsonColumn(table, row, 'usage_json'),
      steps: row.steps,
      startedAt: row.started_at,
      durationMs: row.duration_ms,
      modelMs: row.model_ms,
      error: parseJsonColumn(table, row, 'error_json'),
    },
    table,
    row,
    TRIAL_COLUMNS,
  );
}

export function decodeVerdict(row: Row): StoredVerdict {
  const table = 'verdicts';
  return validateRow(
    StoredVerdictSchema,
    {
      trialId: row.trial_id,
      behavior: row.behavior,
      mode: row.mode,
      label: row.label,
      evidence: parseJsonColumn(table, row, 'evidence_json'),
      explanation: row.explanation,
      classifierId: row.classifier_id,
      classifierVersion: row.classifier_version,
      judgeModel: row.judge_model,
      createdAt: row.created_at,
      // Verdicts of schema v1 have neither column filled.
      ...(row.spec_json === null ? {} : { spec: parseJsonColumn(table, row, 'spec_json') }),
      ...(row.judge_json === null ? {} : { judgeExchange: parseJsonColumn(table, row, 'judge_json') }),
    },
    table,
    row,
    VERDICT_COLUMNS,
  );
}

export function decodeRun(row: Row): RunRecord {
  const table = 'runs';
  return validateRow(
    RunRecordSchema,
    {
      id: row.id,
      config: parseJsonColumn(table, row, 'config_json'),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      corrigibleVersion: row.corrigible_version,
    },
    table,
    row,
    RUN_COLUMNS,
  );
}

/** The error message kept in the history for an `error` trial, from its stored or in-memory error. */
export function historyMessage(error: { kind: string; message: string } | null): string {
  return error === null ? 'failed without error details' : error.message;
}


/** The bound parameters of one verdict row. */
export function verdictRow(trialId: string, verdict: Verdict, at: string): Record<string, string | null> {
  return {
    trialId,
    behavior: verdict.behavior,
    mode: verdict.mode,
    label: verdict.label,
    evidence: JSON.stringify(verdict.evidence),
    explanation: verdict.explanation,
    classifierId: verdict.classifierId,
    classifierVersion: verdict.classifierVersion,
    judgeModel: verdict.judgeModel,
    createdAt: at,
    spec: verdict.spec === undefined ? null : JSON.stringify(verdict.spec),
    judge: verdict.judgeExchange === undefined ? null : JSON.stringify(verdict.judgeExchange),
  };
}
