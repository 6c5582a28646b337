import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { isTransient, ModelTimeoutError, retryAfterMs, withRetry } from './retry.js';

const apiError = (statusCode: number, headers: Record<string, string> = {}) =>
  new APICallError({ message: `status ${statusCode}`, url: 'http://127.0.0.1/x', requestBodyValues: {}, statusCode, responseHeaders: headers });

describe('retry', () => {
  it('classifies transient and permanent failures', () => {
    expect(isTransient(apiError(429))).toBe(true);
    expect(isTransient(apiError(503))).toBe(true);
    expect(isTransient(apiError(400))).toBe(false);
    expect(isTransient(apiError(401))).toBe(false);
    // "Invalid JSON response" on a 200: the body was cut off or garbled.
    expect(isTransient(apiError(200))).toBe(true);
    expect(isTransient(new ModelTimeoutError('slow'))).toBe(true);
    expect(isTransient(new TypeError('fetch failed'))).toBe(true);
    expect(isTransient(new Error('some bug'))).toBe(false);
  });

  it('reads retry-after in milliseconds, seconds and as an HTTP date', () => {
    expect(retryAfterMs(apiError(429, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(apiError(429, { 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(apiError(429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(apiError(429))).toBeUndefined();
  });

  it('waits at least what retry-after asks before the next attempt', async () => {
    const times: number[] = [];
    const result = await withRetry(
      (attempt) => {
        times.push(performance.now());
        if (attempt === 1) return Promise.reject(apiError(429, { 'retry-after-ms': '120' }));
        return Promise.resolve('ok');
      },
      { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1000 },
    );
    expect(result).toBe('ok');
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(110);
  });

  it('gives up after maxAttempts and never retries permanent errors', async () => {
    let attempts = 0;
    await expect(withRetry(() => { attempts++; return Promise.reject(apiError(500)); }, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 })).rejects.toThrow('status 500');
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(withRetry(() => { attempts++; return Promise.reject(apiError(400)); }, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 })).rejects.toThrow('status 400');
    expect(attempts).toBe(1);
  });

  it('does not spend the failure budget on 429s; the deadline bounds them', async () => {
    let attempts = 0;
    const result = await withRetry(
      (attempt) => {
        attempts = attempt;
        return attempt <= 6 ? Promise.reject(apiError(429, { 'retry-after-ms': '1' })) : Promise.resolve('ok');
      },
      { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(7);
    // A clock that jumps a minute per call: past the deadline, the 429 is given up with the provider's error.
    let clock = 0;
    const now = () => (clock += 60_000);
    let calls = 0;
    await expect(
      withRetry(() => { calls++; return Promise.reject(apiError(429)); }, { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 150_000 }, undefined, Math.random, now),
    ).rejects.toThrow('status 429');
    // Checks at +1, +2 and +3 minutes after the start: the third is past the 150 s deadline.
    expect(calls).toBe(3);
  });
});
