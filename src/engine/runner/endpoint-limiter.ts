import type { RateLimitInfo } from '../../providers/rate-limit-headers.js';

/** Limits for one endpoint and key. Everything else is learned from the provider's answers. */
export interface EndpointLimits {
  /** Calls in flight at most (a ceiling; the limiter starts lower and grows while calls succeed). */
  maxConcurrency: number;
  /** Calls in flight to start with, before anything is learned. */
  initialConcurrency: number;
  /** Requests per minute at most (the config's `rpm`); the provider's headers or 429s may lower it. */
  rpm?: number | undefined;
  /**
   * Tokens per minute at most (the config's `tpm`, or the provider's token-limit header, whichever is
   * lower): paced as requests per minute from the tokens recent calls used.
   */
  tpm?: number | undefined;
}

/** How a call admitted by the limiter ended, as far as flow control cares. */
export type CallFeedback =
  | { kind: 'ok'; info?: RateLimitInfo | undefined; tokens?: number | undefined }
  | { kind: 'rate-limited'; retryAfterMs?: number | undefined; info?: RateLimitInfo | undefined }
  | { kind: 'failed' };

/** One admitted call; `release` must be called exactly once when it ends. */
export interface Permit {
  release(feedback: CallFeedback): void;
}

/** Injected time, so tests can drive the limiter deterministically. */
export interface LimiterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => { clearTimeout(handle as NodeJS.Timeout); },
};

/** Learned rates never drop below one request per minute: the limiter must always make progress. */
const MIN_RATE_PER_MS = 1 / 60_000;
/** After a 429 without a stated limit, the rate goes to this share of what was being sent. */
const DECREASE = 0.85;
/**
 * While healthy and busy, a learned rate grows back: quickly up to just under the rate that last drew a
 * 429, then slowly past it, so a steady run meets few 429s beyond the ones that found the limit.
 */
const RECOVER_PER_SECOND = 0.05;
const PROBE_PER_SECOND = 0.003;
const NEAR_LIMIT = 0.97;
/** Several 429s of one burst are one signal: the rate is cut at most once per this window. */
const CUT_WINDOW_MS = 1000;
/** How far back the send rate is measured when a 429 asks for a cut. */
const SEND_WINDOW_MS = 5000;
const MAX_PAUSE_MS = 60_000;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

interface Waiter {
  grant: (permit: Permit) => void;
  fail: (reason: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Admission control for one provider endpoint and key: a token bucket for requests per minute plus a
 * cap on calls in flight, both learned. A 429 pauses every caller on the key at once (honoring the
 * provider's retry-after) and lowers the rate; rate-limit headers set it directly; healthy busy periods
 * probe it back up. Callers wait in FIFO order, holding nothing while they wait.
 */
export class EndpointLimiter {
  private inFlight = 0;
  private concurrency: number;
  /** Requests per millisecond; Infinity until a limit is stated or found. */
  private rate: number;
  private rateFromHeaders = false;
  private tokens = 1;
  private lastRefill: number;
  private pausedUntil = 0;
  private lastCut = -Infinity;
  /** The send rate that last drew a 429 (requests per ms). */
  private limitedAt = Infinity;
  private lastProbe: number;
  private consecutiveLimited = 0;
  private readonly admissions: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: unknown = undefined;
  private timerAt = Infinity;
  private readonly rpmCeiling: number;
  private readonly createdAt: number;
  /** Tokens per millisecond allowed, from the config or the provider's headers (Infinity: no token limit). */
  private tokenCeiling: number;
  /** Moving average of tokens per call (NaN until a call reported its usage). */
  private tokensPerCall = Number.NaN;

  constructor(
    private readonly limits: EndpointLimits,
    private readonly clock: LimiterClock = realClock,
  ) {
    this.concurrency = Math.max(1, Math.min(limits.initialConcurrency, limits.maxConcurrency));
    this.rpmCeiling = limits.rpm ? limits.rpm / 60_000 : Infinity;
    this.tokenCeiling = limits.tpm ? limits.tpm / 60_000 : Infinity;
    this.rate = this.rpmCeiling;
    this.lastRefill = clock.now();
    this.lastProbe = this.lastRefill;
    this.createdAt = this.lastRefill;
  }

  /** Current learned state, for progress lines, tests and benchmarks. */
  snapshot(): { inFlight: number; queued: number; concurrency: number; rpm: number; pausedForMs: number } {
    const now = this.clock.now();
    return {
      inFlight: this.inFlight,
      queued: this.queue.length,
      concurrency: Math.floor(this.concurrency),
      rpm: this.rate === Infinity ? Infinity : Math.round(this.rate * 60_000),
      pausedForMs: Math.max(0, this.pausedUntil - now),
    };
  }

  /** Waits for admission. Rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    return new Promise<Permit>((grant, fail) => {
      if (signal?.aborted) {
        fail(abortReason(signal));
        return;
      }
      const waiter: Waiter = { grant, fail, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          fail(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** The highest request rate allowed: the rpm ceiling, and the token ceiling divided by tokens per call. */
  private get ceiling(): number {
    const byTokens = this.tokenCeiling === Infinity || Number.isNaN(this.tokensPerCall) ? Infinity : this.tokenCeiling / Math.max(1, this.tokensPerCall);
    return Math.min(this.rpmCeiling, byTokens);
  }

  private refill(now: number): void {
    // No credit builds up while paused: the first second after a 429 must not be a burst.
    if (now <= this.lastRefill) return;
    if (this.rate === Infinity) {
      this.tokens = 1;
    } else {
      // About one second of burst: enough to fill gaps, too little to overrun a per-minute window.
      const capacity = Math.max(1, this.rate * 1000);
      this.tokens = Math.min(capacity, this.tokens + (now - this.lastRefill) * this.rate);
    }
    this.lastRefill = now;
  }

  private pump(): void {
    const now = this.clock.now();
    this.refill(now);
    while (this.queue.length > 0) {
      if (now < this.pausedUntil) {
        this.wakeAt(this.pausedUntil);
        return;
      }
      if (this.inFlight >= Math.floor(this.concurrency)) return;
      if (this.tokens < 1) {
        this.wakeAt(now + (1 - this.tokens) / this.rate);
        return;
      }
      const waiter = this.queue.shift();
      if (!waiter) return;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      if (this.rate !== Infinity) this.tokens -= 1;
      this.inFlight++;
      this.admissions.push(now);
      waiter.grant(this.permit());
    }
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(1, Math.ceil(at - this.clock.now())));
  }

  private permit(): Permit {
    let released = false;
    return {
      release: (feedback) => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.learn(feedback);
        this.pump();
      },
    };
  }

  private sendRate(now: number): number {
    while (this.admissions.length > 0 && (this.admissions[0] ?? 0) < now - SEND_WINDOW_MS) this.admissions.shift();
    // Early in a run the window is shorter than SEND_WINDOW_MS; dividing by the full window would undercount.
    const window = Math.min(SEND_WINDOW_MS, Math.max(1000, now - this.createdAt));
    return this.admissions.length / window;
  }

  private applyHeaders(info: RateLimitInfo | undefined, now: number): void {
    if (!info) return;
    if (info.tokenLimit !== undefined && info.tokenLimit > 0) this.tokenCeiling = Math.min(this.limits.tpm ? this.limits.tpm / 60_000 : Infinity, info.tokenLimit / 60_000);
    if (info.requestLimit !== undefined && info.requestLimit > 0) {
      this.rate = Math.min(this.ceiling, info.requestLimit / 60_000);
      this.rateFromHeaders = true;
    }
    // An empty budget: wait for the next request to be allowed (not the full reset, which can be minutes).
    if (info.requestsRemaining === 0 && info.requestsResetMs !== undefined) {
      const oneRequest = info.requestLimit ? 60_000 / info.requestLimit : info.requestsResetMs;
      this.pause(now, Math.min(info.requestsResetMs, oneRequest));
    }
    if (info.tokensRemaining === 0 && info.tokensResetMs !== undefined) this.pause(now, info.tokensResetMs);
  }

  private pause(now: number, ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(MAX_PAUSE_MS, Math.max(0, ms)));
  }

  private learn(feedback: CallFeedback): void {
    const now = this.clock.now();
    if (feedback.kind === 'failed') return;
    this.applyHeaders(feedback.info, now);
    if (feedback.kind === 'rate-limited') {
      this.consecutiveLimited++;
      const backoff = Math.min(MAX_PAUSE_MS, 500 * 2 ** Math.min(8, this.consecutiveLimited - 1));
      this.pause(now, feedback.retryAfterMs ?? backoff);
      this.tokens = 0;
      this.lastRefill = Math.max(now, this.pausedUntil);
      if (now - this.lastCut >= CUT_WINDOW_MS) {
        this.lastCut = now;
        if (!this.rateFromHeaders) {
          const sent = this.sendRate(now);
          const base = this.rate === Infinity ? sent : Math.min(this.rate, Math.max(sent, MIN_RATE_PER_MS));
          this.limitedAt = base;
          this.rate = Math.max(MIN_RATE_PER_MS, base * DECREASE);
        }
      }
      this.lastProbe = now;
      return;
    }
    this.consecutiveLimited = 0;
    if (feedback.tokens !== undefined && feedback.tokens > 0) {
      this.tokensPerCall = Number.isNaN(this.tokensPerCall) ? feedback.tokens : 0.9 * this.tokensPerCall + 0.1 * feedback.tokens;
    }
    // A token limit becomes a request rate once calls say how many tokens they use.
    if (this.rate > this.ceiling) this.rate = this.ceiling;
    const busy = this.queue.length > 0;
    // Callers are waiting and every slot was taken: more parallelism would help (slow start).
    if (busy && this.inFlight + 1 >= Math.floor(this.concurrency)) this.concurrency = Math.min(this.limits.maxConcurrency, this.concurrency + 1);
    if (!this.rateFromHeaders && this.rate !== Infinity && this.rate < this.ceiling) {
      const elapsed = (now - this.lastProbe) / 1000;
      const step = this.rate < this.limitedAt * NEAR_LIMIT ? RECOVER_PER_SECOND : PROBE_PER_SECOND;
      if (busy && now - this.lastCut > CUT_WINDOW_MS) this.rate = Math.min(this.ceiling, this.rate * (1 + step * elapsed));
    }
    this.lastProbe = now;
  }
}
