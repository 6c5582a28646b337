import { CorrigibleError } from '../../core/errors.js';

/**
 * A source file cannot be read as its format: named by file and (where it has lines) line, with the field
 * that is wrong. Nothing of that file is stored.
 */
export class ImportFileError extends CorrigibleError {
  readonly code = 'import-file';
  override readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly line: number | null,
    problem: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${problem}`, options);
  }
}

/**
 * A role binding is missing, invalid, or lacks a role its scenario's detectors need. Raised before
 * anything is stored.
 */
export class BindingError extends CorrigibleError {
  readonly code = 'import-binding';
  override readonly exitCode = 2;
}

/** The run named for an import already holds trials that `corrigible run` produced. */
export class ImportRunConflictError extends CorrigibleError {
  readonly code = 'import-run-conflict';
  override readonly exitCode = 2;
  constructor(readonly runId: string) {
    super(`run "${runId}" was produced by "corrigible run"; imported transcripts are kept in runs of their own`, {
      hint: 'pass another --run name for the import',
    });
  }
}

/** A marker test that works across package copies, unlike instanceof. */
export function isImportFileError(error: unknown): error is ImportFileError {
  return error instanceof Error && (error as { code?: unknown }).code === 'import-file';
}
