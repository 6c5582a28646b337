/**
 * Every failure a user can cause or fix has its own error class with an actionable message.
 * The CLI prints `message` (and `hint`) on one line and exits with `exitCode`; it never prints a stack
 * for a CorrigibleError.
 */
export abstract class CorrigibleError extends Error {
  /** Stable machine-readable kind, e.g. `config`. */
  abstract readonly code: string;
  /** Process exit code the CLI uses for this kind of failure. */
  readonly exitCode: number = 1;
  /** What to do about it, when the message alone does not say. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/**
 * A user-supplied input (config file, CLI flag, condition id) is invalid.
 * `field` names where, e.g. `scenarios[0].grid.urgency[1]`.
 */
export class ConfigError extends CorrigibleError {
  readonly code = 'config';
  override readonly exitCode = 2;
  constructor(
    readonly field: string,
    problem: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(field ? `${field}: ${problem}` : problem, options);
  }
}
