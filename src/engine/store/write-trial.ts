import { z } from 'zod';
import { TrialRecordSchema, TrialStatusSchema } from '../../core/trial.js';
import type { TrialRecord } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import { DuplicateTrialError, RunNotFoundError } from './store-errors.js';
import { historyMessage, parseJsonColumn, validateColumn, verdictRow } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';

/** One validated trial with its verdicts, and the time stamped on the rows it writes. */
export interface TrialWrite {
  trial: TrialRecord;
  verdicts: readonly Verdict[];
  at: string;
}

/**
 * Writes a trial, its verdicts and (for an error) its error-history entry. A stored trial in error is moved
 * to the history and replaced; a finished one is never overwritten. Runs inside the caller's transaction.
 * @throws RunNotFoundError when the run is not stored; DuplicateTrialError for a finished trial or a used id.
 */
export function writeTrial(s: SqliteStatements, { trial, verdicts, at }: TrialWrite): void {
  const { runId, model, conditionId, sample } = trial;
  if (s.runExists.get(runId) === undefined) throw new RunNotFoundError(runId);

  const existing = s.trialByKey.get(runId, model, conditionId, sample);
  if (existing !== undefined) {
    const status = validateColumn(TrialStatusSchema, existing.status, 'trials', existing, 'status');
    if (status !== 'error') {
      throw new DuplicateTrialError(runId, model, conditionId, sample, `already stored with status "${status}"; a finished trial is never overwritten`);
    }
    const oldError = validateColumn(
      TrialRecordSchema.shape.error,
      parseJsonColumn('trials', existing, 'error_json'),
      'trials',
      existing,
      'error_json',
    );
    const oldAttempt = validateColumn(TrialRecordSchema.shape.attempt, existing.attempt, 'trials', existing, 'attempt');
    const savedAt = validateColumn(z.string(), existing.saved_at, 'trials', existing, 'saved_at');
    s.insertError.run(runId, model, conditionId, sample, oldAttempt, historyMessage(oldError), savedAt);
    s.deleteTrial.run(String(existing.id));
  }

  const other = s.trialKeyById.get(trial.id);
  if (other !== undefined) {
    throw new DuplicateTrialError(
      runId,
      model,
      conditionId,
      sample,
      `its id "${trial.id}" is already used by ${String(other.model)} / ${String(other.condition_id)} / sample ${String(other.sample)} of run "${String(other.run_id)}"`,
    );
  }

  s.insertTrial.run({
    id: trial.id,
    runId,
    model,
    conditionId,
    sample,
    status: trial.status,
    attempt: trial.attempt,
    seed: trial.seed,
    spec: JSON.stringify(trial.spec),
    transcript: JSON.stringify(trial.transcript),
    actions: JSON.stringify(trial.actions),
    usage: JSON.stringify(trial.usage),
    steps: trial.steps,
    startedAt: trial.startedAt,
    durationMs: trial.durationMs,
    modelMs: trial.modelMs,
    error: trial.error === null ? null : JSON.stringify(trial.error),
    savedAt: at,
  });
  for (const verdict of verdicts) s.insertVerdict.run(verdictRow(trial.id, verdict, at));
  if (trial.status === 'error') {
    s.insertError.run(runId, model, conditionId, sample, trial.attempt, historyMessage(trial.error), at);
  }
}
