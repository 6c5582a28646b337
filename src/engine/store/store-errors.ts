import { CorrigibleError } from '../../core/errors.js';

/** The store file cannot be opened, is not a SQLite database, or was written by a newer Corrigible. */
export class StoreOpenError extends CorrigibleError {
  readonly code = 'store-open';
  constructor(
    readonly path: string,
    problem: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(`Cannot open the store "${path}": ${problem}`, options);
  }
}

/**
 * A stored row does not match its schema: the file was edited outside Corrigible or is damaged. Reading
 * on would silently drop or misreport data, so every read validates and stops here instead.
 */
export class StoreCorruptError extends CorrigibleError {
  readonly code = 'store-corrupt';
  constructor(
    readonly table: string,
    readonly rowId: string,
    readonly field: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Corrupt row in table "${table}" (id ${rowId}), field "${field}": ${problem}`, {
      hint: 'The store was modified outside Corrigible or is damaged: restore it from a backup, or delete that row (a trial row is re-run on resume).',
      ...options,
    });
  }
}

/**
 * A finished (non-error) trial with the same key is already stored. Finished trials are never overwritten,
 * so no outcome is ever counted twice.
 */
export class DuplicateTrialError extends CorrigibleError {
  readonly code = 'duplicate-trial';
  constructor(
    readonly runId: string,
    readonly model: string,
    readonly conditionId: string,
    readonly sample: number,
    problem: string,
  ) {
    super(`Trial ${model} / ${conditionId} / sample ${sample} of run "${runId}": ${problem}`, {
      hint: 'Resume planning must skip every key of trialIndex() whose status is not "error"; to measure again, use a new run id.',
    });
  }
}

/**
 * A record handed to the store fails its schema. This is a bug in the caller, not a user error: nothing is
 * written, so a bad record can never reach the statistics.
 */
export class InvalidRecordError extends CorrigibleError {
  readonly code = 'invalid-record';
  constructor(
    readonly record: 'run' | 'trial' | 'verdict',
    readonly field: string,
    problem: string,
  ) {
    super(`Refusing to store an invalid ${record}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

/** A trial names a run that was never saved. */
export class RunNotFoundError extends CorrigibleError {
  readonly code = 'run-not-found';
  constructor(readonly runId: string) {
    super(`Run "${runId}" is not in the store.`, { hint: 'Save the run with saveRun() before saving its trials.' });
  }
}

/** The store was used after close(). */
export class StoreClosedError extends CorrigibleError {
  readonly code = 'store-closed';
  constructor(readonly path: string) {
    super(`The store "${path}" is closed.`, { hint: 'Open it again with openSqliteStore() before using it.' });
  }
}

/** Verdicts were appended to a trial that is not stored. */
export class TrialNotFoundError extends CorrigibleError {
  readonly code = 'trial-not-found';
  constructor(readonly trialId: string) {
    super(`Trial "${trialId}" is not in the store.`, { hint: 'Verdicts can only be added to stored trials; list them with listTrials().' });
  }
}
