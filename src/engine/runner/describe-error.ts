import { APICallError } from '@ai-sdk/provider';
import type { TrialError } from '../../core/trial.js';
import { isTransient } from './retry.js';

const MAX_MESSAGE = 2000;

/**
 * A storable description of a failure. Only the message, status and a response excerpt are kept (never
 * request bodies or headers), with every known secret scrubbed out.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): TrialError {
  const kind = error instanceof Error ? error.name : typeof error;
  let message = error instanceof Error ? error.message : String(error);
  if (APICallError.isInstance(error) && error.responseBody) {
    message = `${message} (response: ${error.responseBody.slice(0, 500)})`;
  }
  // Some APIs echo the key they rejected; it must not reach the database.
  for (const secret of secrets) if (secret.length >= 4) message = message.split(secret).join('[redacted]');
  return {
    kind,
    message: message.slice(0, MAX_MESSAGE),
    retryable: isTransient(error),
    ...(APICallError.isInstance(error) && error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
  };
}
