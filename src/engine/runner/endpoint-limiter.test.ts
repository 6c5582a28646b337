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

  it('pauses everyone on a 429 for the retry-after it names, then admits no faster than what drew it', async () => {
    const { clock, advance } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 50, initialConcurrency: 50 }, clock);
    const granted = acquireMany(limiter, 200);
    await flush();
    expect(granted).toHaveLength(50);
    await advance(1000);
    granted[0]?.release({ kind: 'rate-limited', retryAfterMs: 2000 });
    await flush();
    expect(limiter.snapshot().pausedForMs).toBe(2000);
    expect(limiter.snapshot().learning).toBe('measuring');
    // Free slots, but paused: nobody starts.
    for (const p of granted.slice(1, 20)) p.release({ kind: 'ok' });
    await flush();
    expect(granted).toHaveLength(50);
    await advance(1999);
    expect(granted).toHaveLength(50);
    // 50 were sent in the first second: measuring starts from that rate, not from unlimited.
    expect(limiter.snapshot().rpm).toBe(3000);
    // No burst after the pause: admissions resume at that rate (5 in 100 ms).
    await advance(101);
    await flush();
    expect(granted.length).toBeGreaterThan(50);
    expect(granted.length).toBeLessThanOrEqual(56);
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

/**
 * A provider limited by a token bucket (as OpenAI and Anthropic describe theirs) without rate-limit
 * headers, driven by the manual clock: `workers` callers take `requests` calls through the limiter; a
 * 429 comes back at once with the wait until the next request is allowed, and the caller asks again
 * after it, as the runner's retry does. Returns what the provider saw.
 */
async function simulate(options: {
  rpm: number | ((ms: number) => number);
  burstSeconds?: number;
  latencyMs: number;
  requests: number;
  workers?: number;
  /** `retry-after-ms` (exact) or only whole-second `retry-after`. */
  exact?: boolean;
  maxConcurrency?: number;
  /** Milliseconds from admission to the provider seeing the request (event-loop lag, network). */
  sendDelayMs?: () => number;
}) {
  const { clock, advance } = manualClock();
  const limiter = new EndpointLimiter({ maxConcurrency: options.maxConcurrency ?? 64, initialConcurrency: 4 }, clock);
  const rpmAt = typeof options.rpm === 'number' ? () => options.rpm as number : options.rpm;
  let tokens = (rpmAt(0) / 60) * (options.burstSeconds ?? 1);
  let lastRefill = 0;
  const stats = { accepted: 0, limited: 0, end: 0, acceptedBetween: (from: number, to: number) => acceptedAt.filter((t) => t >= from && t < to).length };
  const acceptedAt: number[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  const arrive = (): number | undefined => {
    const now = clock.now();
    const perMs = rpmAt(now) / 60_000;
    tokens = Math.min(perMs * 1000 * (options.burstSeconds ?? 1), tokens + (now - lastRefill) * perMs);
    lastRefill = now;
    if (tokens < 1) return Math.ceil((1 - tokens) / perMs);
    tokens -= 1;
    return undefined;
  };
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      next++;
      for (;;) {
        const permit = await limiter.acquire();
        const delay = options.sendDelayMs?.() ?? 0;
        if (delay > 0) await sleep(delay);
        const waitMs = arrive();
        if (waitMs === undefined) {
          await sleep(Math.max(1, options.latencyMs - delay));
          stats.accepted++;
          acceptedAt.push(clock.now());
          permit.release({ kind: 'ok' });
          break;
        }
        stats.limited++;
        await sleep(1);
        const retryAfterMs = options.exact === false ? Math.ceil(waitMs / 1000) * 1000 : waitMs;
        permit.release({ kind: 'rate-limited', retryAfterMs, exactRetryAfter: options.exact !== false });
        await sleep(retryAfterMs);
      }
    }
  };
  const all = Promise.all(Array.from({ length: options.workers ?? 128 }, worker)).then(() => (stats.end = clock.now()));
  while (stats.end === 0) await advance(50);
  await all;
  return { ...stats, limiter };
}

describe('EndpointLimiter against a provider that states no limit', () => {
  it('finds a 600 rpm limit with a handful of 429s and keeps it full (retry-after-ms)', async () => {
    const run = await simulate({ rpm: 600, latencyMs: 300, requests: 600 });
    // 600 requests at 10 a second plus a one-second burst: about 59 s if the limit is kept full.
    const share = run.accepted / ((600 / 60_000) * run.end);
    expect(run.accepted).toBe(600);
    expect(share).toBeGreaterThanOrEqual(0.99);
    expect(run.limited).toBeLessThanOrEqual(8);
    expect(run.limiter.snapshot().learning).toBe('settled');
    expect(run.limiter.snapshot().rpm).toBeGreaterThanOrEqual(585);
    expect(run.limiter.snapshot().rpm).toBeLessThanOrEqual(606);
  });

  it('finds it from whole-second retry-after too, with more 429s but still few', async () => {
    const run = await simulate({ rpm: 600, latencyMs: 300, requests: 600, exact: false });
    const share = run.accepted / ((600 / 60_000) * run.end);
    expect(share).toBeGreaterThanOrEqual(0.97);
    expect(run.limited).toBeLessThanOrEqual(8);
  });

  it('settles just under a low limit with slow calls', async () => {
    const run = await simulate({ rpm: 120, latencyMs: 2000, requests: 300 });
    const share = run.accepted / ((120 / 60_000) * run.end);
    expect(share).toBeGreaterThanOrEqual(0.98);
    expect(run.limited).toBeLessThanOrEqual(10);
  });

  it('finds the limit when calls in flight, capped low, would send just over it', async () => {
    // 12 calls of 1.1 s in flight: 10.9 requests a second against a limit of 10, so callers wait on
    // calls in flight, not on the rate, when the 429s come. (The last second is the final calls' latency.)
    const run = await simulate({ rpm: 600, latencyMs: 1100, requests: 600, maxConcurrency: 12 });
    const share = run.accepted / ((600 / 60_000) * run.end);
    expect(share).toBeGreaterThanOrEqual(0.96);
    expect(run.limited).toBeLessThanOrEqual(7);
  });

  it('measures again when the limit drops, and probes up to a raised one', async () => {
    // 600 rpm, 300 rpm from minute 2, 900 rpm from minute 5.
    const rpm = (ms: number) => (ms < 120_000 ? 600 : ms < 300_000 ? 300 : 900);
    const run = await simulate({ rpm, latencyMs: 300, requests: 8000 });
    // The drop is found within seconds: the 300 rpm stretch runs near its limit.
    const during = run.acceptedBetween(130_000, 300_000) / 170;
    expect(during).toBeGreaterThanOrEqual(4.8);
    expect(during).toBeLessThanOrEqual(5.05);
    // The raise is found by rare probing, more slowly, but found.
    const late = run.acceptedBetween(run.end - 60_000, run.end) / 60;
    expect(late).toBeGreaterThan(10.5);
    expect(run.limited).toBeLessThanOrEqual(25);
  });
});

describe('EndpointLimiter settled on a measured rate', () => {
  it('meets few 429s over a long run: only rare probes for a raised limit', async () => {
    const run = await simulate({ rpm: 600, latencyMs: 300, requests: 6000 });
    const share = run.accepted / ((600 / 60_000) * run.end);
    expect(share).toBeGreaterThanOrEqual(0.99);
    // Four to find the limit, then about one per probe interval past the limit (which grow apart).
    expect(run.limited).toBeLessThanOrEqual(12);
  });

  it('counts a burst of 429s from one empty budget as one signal', async () => {
    const { clock, advance } = manualClock();
    const limiter = new EndpointLimiter({ maxConcurrency: 50, initialConcurrency: 50 }, clock);
    const granted = acquireMany(limiter, 200);
    await flush();
    await advance(1000);
    // All sent before the first 429 came back: one empty budget, one signal.
    for (const p of granted.slice(0, 10)) p.release({ kind: 'rate-limited', retryAfterMs: 100, exactRetryAfter: true });
    await flush();
    expect(limiter.snapshot()).toMatchObject({ learning: 'measuring', rpm: 3000, pausedForMs: 100 });
  });

  it('stays near the limit when requests reach the provider up to 100 ms late, in any order', async () => {
    let x = 7919;
    const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const run = await simulate({ rpm: 600, latencyMs: 300, requests: 600, sendDelayMs: () => random() * 100 });
    const share = run.accepted / ((600 / 60_000) * run.end);
    expect(share).toBeGreaterThanOrEqual(0.97);
    expect(run.limited).toBeLessThanOrEqual(12);
  });
});
