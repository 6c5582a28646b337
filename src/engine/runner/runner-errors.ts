import { CorrigibleError } from '../../core/errors.js';

/**
 * Saving a finished trial failed (disk full, read-only file, locked database). The run stops at once:
 * calling the model for trials that cannot be stored would only spend money. Everything stored is kept.
 */
export class StoreWriteError extends CorrigibleError {
  readonly code = 'store-write';
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`Cannot store trials: ${problem}. The run stopped; every trial already stored is kept.`, {
      hint: 'free disk space or fix the file permissions, then run the same command again to resume',
      ...options,
    });
  }

  /** True for a StoreWriteError from any copy of this package. */
  static isInstance(error: unknown): error is StoreWriteError {
    return error instanceof Error && (error as { code?: unknown }).code === 'store-write';
  }
}
