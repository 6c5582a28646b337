import { describe, expect, it } from 'vitest';
import { EndpointLimiter, type LimiterClock, type Permit } from './endpoint-limiter.js';

/** A manual clock: timers fire only when the test advances time. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: LimiterClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (handle) => { timers = timers.filter((t) => t.id !== handle); },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
      await Promise.resolve();
    }
    now = end;
    await Promise.resolve();
  };
  return { clock, advance };
}

/** Queues `n` acquisitions and records which have been granted. */
function acquireMany(limiter: EndpointLimiter, n: number) {
  const granted: Permit[] = [];
  for (let i = 0; i < n; i++) void limiter.acquire().then((p) => granted.push(p));
  return granted;
}

const flush = () => new Promise((r) => setImmediate(r));

describe('EndpointLimiter', () => {
  it('starts at its initial concurrency and grows while callers wait and calls succeed', async () => {
    const { clock } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 6, initialConcurrency: 2 }, clock);
    const granted = acquireMany(limiter, 20);
    await flush();
    expect(granted).toHaveLength(2);
    granted[0]?.release({ kind: 'ok' });
    await flush();
    // One finished, and the cap grew by one: two more start.
    expect(granted).toHaveLength(4);
    for (let i = 0; i < 10; i++) {
      granted[granted.length - 1]?.release({ kind: 'ok' });
      await flush();
    }
    expect(limiter.snapshot().concurrency).toBe(6);
    expect(limiter.snapshot().inFlight).toBeLessThanOrEqual(6);
  });

  it('paces to the rpm ceiling', async () => {
    const { clock, advance } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 100, initialConcurrency: 100, rpm: 600 }, clock);
    const granted = acquireMany(limiter, 100);
    await flush();
    expect(granted).toHaveLength(1);
    await advance(1000);
    // 10 per second: the first at once, then one every 100 ms.
    expect(granted.length).toBeGreaterThanOrEqual(10);
    expect(granted.length).toBeLessThanOrEqual(12);
  });

  it('pauses everyone on a 429 for the retry-after it names, then admits at a lower rate', async () => {
    const { clock, advance } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 50, initialConcurrency: 50 }, clock);
    const granted = acquireMany(limiter, 200);
    await flush();
    expect(granted).toHaveLength(50);
    await advance(1000);
    granted[0]?.release({ kind: 'rate-limited', retryAfterMs: 2000 });
    await flush();
    expect(limiter.snapshot().pausedForMs).toBe(2000);
    // Free slots, but paused: nobody starts.
    for (const p of granted.slice(1, 20)) p.release({ kind: 'ok' });
    await flush();
    expect(granted).toHaveLength(50);
    await advance(1999);
    expect(granted).toHaveLength(50);
    // Learned from the 50 sent in the first second: about 50 × 0.85 per second.
    const rpm = limiter.snapshot().rpm;
    expect(rpm).toBeGreaterThan(1500);
    expect(rpm).toBeLessThan(2600);
    // No burst after the pause: admissions resume at the learned rate (about 4 in 100 ms).
    await advance(101);
    await flush();
    expect(granted.length).toBeGreaterThan(50);
    expect(granted.length).toBeLessThan(56);
  });

  it('takes the rate from the provider headers and waits when the budget is spent', async () => {
    const { clock } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 50, initialConcurrency: 50 }, clock);
    const granted = acquireMany(limiter, 100);
    await flush();
    granted[0]?.release({ kind: 'ok', info: { requestLimit: 60, requestsRemaining: 0, requestsResetMs: 5000 } });
    await flush();
    expect(limiter.snapshot().rpm).toBe(60);
    // Empty budget: wait for one request's worth (1 s at 60 rpm), not the whole reset.
    expect(limiter.snapshot().pausedForMs).toBe(1000);
  });

  it('a 429 from a provider that states its limit keeps that limit', async () => {
    const { clock } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 5, initialConcurrency: 5 }, clock);
    const granted = acquireMany(limiter, 10);
    await flush();
    granted[0]?.release({ kind: 'ok', info: { requestLimit: 120 } });
    granted[1]?.release({ kind: 'rate-limited', info: { requestLimit: 120 } });
    await flush();
    expect(limiter.snapshot().rpm).toBe(120);
    // No retry-after: a short backoff of its own.
    expect(limiter.snapshot().pausedForMs).toBe(500);
  });

  it('turns a tokens-per-minute limit into a request rate from the tokens calls use', async () => {
    const { clock, advance } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 50, initialConcurrency: 50, tpm: 6000 }, clock);
    const granted = acquireMany(limiter, 100);
    await flush();
    // Nothing is known about the calls yet: no token pacing.
    expect(granted).toHaveLength(50);
    for (const p of granted.slice(0, 10)) p.release({ kind: 'ok', tokens: 100 });
    await flush();
    // 6,000 tokens a minute at 100 tokens a call: 60 requests a minute.
    expect(limiter.snapshot().rpm).toBe(60);
    const before = granted.length;
    await advance(5000);
    expect(granted.length - before).toBeGreaterThanOrEqual(4);
    expect(granted.length - before).toBeLessThanOrEqual(6);
    // The provider's token-limit header lowers it further.
    granted[20]?.release({ kind: 'ok', tokens: 100, info: { tokenLimit: 3000 } });
    await flush();
    expect(limiter.snapshot().rpm).toBe(30);
  });

  it('rejects a waiting caller whose signal aborts, and it takes no slot', async () => {
    const { clock } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 1, initialConcurrency: 1 }, clock);
    const first = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.snapshot().queued).toBe(0);
    first.release({ kind: 'ok' });
    expect(limiter.snapshot().inFlight).toBe(0);
  });
});
