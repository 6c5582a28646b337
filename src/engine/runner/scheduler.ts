import { APICallError } from '@ai-sdk/provider';
import { parseRateLimitHeaders } from '../../providers/rate-limit-headers.js';
import { EndpointLimiter, type CallFeedback, type EndpointLimits } from './endpoint-limiter.js';
import { retryAfterMs } from './retry.js';

/**
 * Decides when each model call may start. Trials and judges only talk to this interface: a call is
 * admitted, runs, and its outcome (headers, 429) teaches the limiter of its key.
 */
export interface Scheduler {
  /**
   * Runs one model call under `key`'s limits: admission (rate and calls in flight), then `task`. A 429
   * slows down everyone on the key. Nothing is held while the caller waits or backs off between attempts.
   */
  schedule<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** What the scheduler reads of a successful result: the AI SDK's `response.headers`, when present. */
function headersOf(value: unknown): Record<string, string | undefined> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const response = (value as { response?: { headers?: unknown } }).response;
  const headers = response?.headers;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string | undefined>) : undefined;
}

/** True for a provider's "slow down" answer (429, or 529 "overloaded" from Anthropic). */
export function isRateLimited(error: unknown): boolean {
  return APICallError.isInstance(error) && (error.statusCode === 429 || error.statusCode === 529);
}

/** Tokens a successful AI SDK result used (`usage.inputTokens + usage.outputTokens`), when present. */
function tokensOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = (value as { usage?: { inputTokens?: unknown; outputTokens?: unknown } }).usage;
  const input = typeof usage?.inputTokens === 'number' ? usage.inputTokens : 0;
  const output = typeof usage?.outputTokens === 'number' ? usage.outputTokens : 0;
  return input + output > 0 ? input + output : undefined;
}

/** What a failed call teaches the limiter: a 429's wait (and whether it is exact to the ms), or a plain failure. */
export function feedbackForError(error: unknown): CallFeedback {
  if (!isRateLimited(error)) return { kind: 'failed' };
  const headers = APICallError.isInstance(error) ? error.responseHeaders : undefined;
  // Only `retry-after-ms` says to the millisecond when the budget is back; whole seconds are too coarse to measure by.
  const exactRetryAfter = Number.isFinite(Number(headers?.['retry-after-ms'] ?? Number.NaN));
  return { kind: 'rate-limited', retryAfterMs: retryAfterMs(error), exactRetryAfter, info: parseRateLimitHeaders(headers) };
}

/**
 * One adaptive {@link EndpointLimiter} per key (a provider endpoint and API key, or one simulated
 * model). `limitsFor` gives each key's ceilings; rates and concurrency below them are learned.
 */
export function createAdaptiveScheduler(limitsFor: (key: string) => EndpointLimits): Scheduler & { limiter(key: string): EndpointLimiter } {
  const limiters = new Map<string, EndpointLimiter>();
  const limiter = (key: string): EndpointLimiter => {
    let found = limiters.get(key);
    if (!found) {
      found = new EndpointLimiter(limitsFor(key));
      limiters.set(key, found);
    }
    return found;
  };
  return {
    limiter,
    async schedule(key, task, signal) {
      const permit = await limiter(key).acquire(signal);
      try {
        const value = await task();
        permit.release({ kind: 'ok', info: parseRateLimitHeaders(headersOf(value)), tokens: tokensOf(value) });
        return value;
      } catch (error) {
        permit.release(feedbackForError(error));
        throw error;
      }
    },
  };
}

/**
 * A fixed number of calls in flight per key (`concurrencyFor(key)`), still paused for everyone on the key
 * by a 429. For callers that want a set width, such as a judge pool; the runner uses the adaptive one.
 */
export function createConcurrencyScheduler(concurrencyFor: (key: string) => number): Scheduler {
  return createAdaptiveScheduler((key) => {
    const width = Math.max(1, concurrencyFor(key));
    return { maxConcurrency: width, initialConcurrency: width };
  });
}
