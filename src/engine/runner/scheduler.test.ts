import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createConcurrencyScheduler, feedbackForError } from './scheduler.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('schedulers', () => {
  it('a fixed-width scheduler keeps at most that many calls in flight per key, keys apart', async () => {
    const scheduler = createConcurrencyScheduler((key) => (key === 'a' ? 2 : 1));
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const call = () =>
      new Promise<void>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const all = [1, 2, 3, 4, 5].map(() => scheduler.schedule('a', call));
    const other = scheduler.schedule('b', call);
    await tick();
    expect(running).toBe(3);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all([...all, other]);
    expect(peak).toBe(3);
  });

  it('passes a 429 on to the caller and pauses the key for its retry-after', async () => {
    const scheduler = createConcurrencyScheduler(() => 4);
    const limited = new APICallError({ message: 'slow down', url: 'http://127.0.0.1/x', requestBodyValues: {}, statusCode: 429, responseHeaders: { 'retry-after-ms': '80' } });
    await expect(scheduler.schedule('k', () => Promise.reject(limited))).rejects.toBe(limited);
    const started = performance.now();
    await scheduler.schedule('k', () => Promise.resolve());
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('tells the limiter whether a 429 said to the millisecond when the budget is back', () => {
    const error = (statusCode: number, responseHeaders: Record<string, string>) =>
      new APICallError({ message: 'x', url: 'http://127.0.0.1/x', requestBodyValues: {}, statusCode, responseHeaders });
    expect(feedbackForError(error(429, { 'retry-after-ms': '80', 'retry-after': '1' }))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 80, exactRetryAfter: true });
    expect(feedbackForError(error(429, { 'retry-after': '2' }))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2000, exactRetryAfter: false });
    expect(feedbackForError(error(429, {}))).toMatchObject({ kind: 'rate-limited', retryAfterMs: undefined, exactRetryAfter: false });
    expect(feedbackForError(error(503, { 'retry-after-ms': '80' }))).toEqual({ kind: 'failed' });
  });
});
