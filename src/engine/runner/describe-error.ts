import { APICallError } from '@ai-sdk/provider';
import type { TrialError } from '../../core/trial.js';
import { isTransient } from './retry.js';

const MAX_MESSAGE = 2000;

/**
 * A storable description of a failure. Only the message and status are kept: request bodies and headers
 * can carry keys, and nothing that might hold a key is ever written.
 */
export function describeError(error: unknown): TrialError {
  const kind = error instanceof Error ? error.name : typeof error;
  let message = error instanceof Error ? error.message : String(error);
  if (APICallError.isInstance(error) && error.responseBody) {
    message = `${message} (response: ${error.responseBody.slice(0, 500)})`;
  }
  return {
    kind,
    message: message.slice(0, MAX_MESSAGE),
    retryable: isTransient(error),
    ...(APICallError.isInstance(error) && error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
  };
}
