import { APICallError } from '@ai-sdk/provider';
import { abortableSleep } from '../../core/abortable-sleep.js';
import { ModelStreamError } from './model-answer.js';

/** How hard to retry transient provider failures before the trial is stored as `error`. */
export interface RetryPolicy {
  /** Attempts that may fail (5xx, timeouts, resets, garbled bodies), the first included. 429s do not count. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long one call may keep being retried in all, waits included. Rate limits (429) are flow control,
   * not failures: they spend no attempt, and this deadline is what bounds them.
   */
  deadlineMs?: number;
}

const DEFAULT_DEADLINE_MS = 30 * 60_000;

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, deadlineMs: DEFAULT_DEADLINE_MS };

/** True for a provider's "slow down" answer: 429, or 529 (Anthropic "overloaded"). */
function isSlowDown(error: unknown): boolean {
  return APICallError.isInstance(error) && (error.statusCode === 429 || error.statusCode === 529);
}

/** A model call took longer than the configured per-call timeout. */
export class ModelTimeoutError extends Error {
  override readonly name = 'ModelTimeoutError';
}

const TRANSIENT_NAMES = new Set([
  'ModelTimeoutError',
  'AI_JSONParseError',
  'AI_TypeValidationError',
  'AI_InvalidResponseDataError',
  'AI_EmptyResponseBodyError',
  'AI_NoContentGeneratedError',
  // A stream that ended before it finished (connection cut, no terminal event).
  'AI_NoOutputGeneratedError',
]);

/**
 * Transient: rate limits, 5xx, timeouts, dropped connections and truncated or malformed bodies. Permanent
 * (400, 401, 404 …) fail at once: retrying them only burns quota.
 */
export function isTransient(error: unknown): boolean {
  if (APICallError.isInstance(error)) {
    // A 2xx whose body could not be parsed is a truncated or garbled response: asking again is safe.
    const garbled = error.statusCode !== undefined && error.statusCode >= 200 && error.statusCode < 300;
    return error.isRetryable || garbled;
  }
  if (ModelStreamError.isInstance(error)) return error.retryable;
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const cause = (error as { cause?: unknown }).cause;
  const text = `${error.message} ${cause instanceof Error ? `${cause.name} ${cause.message} ${(cause as { code?: string }).code ?? ''}` : ''}`;
  return /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|other side closed|terminated/i.test(text);
}

/** The delay the provider asked for (retry-after-ms, retry-after seconds or HTTP date), if any. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!APICallError.isInstance(error)) return undefined;
  const headers = error.responseHeaders ?? {};
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs `call`, retrying transient failures with exponential backoff and full jitter, honoring the
 * provider's retry-after. A 429 spends no attempt (the scheduler already slowed the whole key down); it is
 * bounded by `deadlineMs` instead. The last error is rethrown when attempts or the deadline run out, or
 * at once when the error is permanent. `attempt` counts every call, 429s included.
 */
export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  random: () => number = Math.random,
  now: () => number = Date.now,
): Promise<T> {
  const deadline = now() + (policy.deadlineMs ?? DEFAULT_DEADLINE_MS);
  let failures = 0;
  let limited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (signal?.aborted || !isTransient(error)) throw error;
      const slowDown = isSlowDown(error);
      if (slowDown) limited++;
      else failures++;
      if (failures >= policy.maxAttempts) throw error;
      const step = slowDown ? limited : failures;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (step - 1)) * random();
      const wait = Math.min(policy.maxDelayMs, Math.max(backoff, retryAfterMs(error) ?? 0));
      if (now() + wait > deadline) throw error;
      await abortableSleep(wait, signal);
    }
  }
}
