import type { RateLimitInfo } from '../../providers/rate-limit-headers.js';
import { RateEstimator, type LimitSignal } from './rate-estimator.js';

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
  | {
      kind: 'rate-limited';
      retryAfterMs?: number | undefined;
      /** True when `retryAfterMs` is exact to the millisecond (`retry-after-ms`), not whole seconds. */
      exactRetryAfter?: boolean | undefined;
      info?: RateLimitInfo | undefined;
    }
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
/**
 * While measuring, requests go out this much faster than the highest rate the 429s so far allow: just
 * enough above the provider's rate that the next 429 comes, few requests later, to lengthen the episode.
 */
const OVERSHOOT = 0.03;
/** An estimate is settled on once its bracket is this tight and it spans this long. */
const SETTLE_SPREAD = 1.02;
const SETTLE_SPAN_MS = 2000;
/** A 429 at the settled rate (not a probe) lowers it by this share before measuring again. */
const SETTLED_CUT = 0.01;
/**
 * A measuring rate that draws no 429 for this many answers and this long is below the provider's rate:
 * it is settled on as it is.
 */
const QUIET_ANSWERS = 50;
const QUIET_MS = 3000;
/**
 * While settled, healthy and busy, the rate is probed up additively and rarely, so a raised limit is
 * still found: each interval without a 429 adds one more step (1%, then 2%, 3% … of the rate).
 */
const PROBE_INTERVAL_MS = 30_000;
const MAX_PROBE_INTERVAL_MS = 8 * PROBE_INTERVAL_MS;
const PROBE_STEP = 0.01;
/**
 * Before anything is known, admissions are still spread out (at twice calls in flight per mean call
 * time) rather than let go in clumps as calls finish together: when the provider's budget runs out, one
 * request meets the empty budget instead of a whole clump.
 */
const OPEN_PACE_GAIN = 2;
/**
 * Credit while open: a few milliseconds' worth, so event-loop lag costs nothing while clumps stay
 * smaller than a 429's round trip. In-process and cached calls (shorter than the floor) are not paced.
 */
const OPEN_BURST_MS = 10;
const OPEN_PACE_MIN_CALL_MS = 20;
/** How far back the send rate is measured when the first 429 arrives. */
const SEND_WINDOW_MS = 5000;
const MAX_PAUSE_MS = 60_000;

/**
 * How the request rate is being learned (without rate-limit headers): `open` until the first 429, then
 * `measuring` the provider's rate from its 429s, then `settled` on it (probing up rarely).
 */
type Learning = 'open' | 'measuring' | 'settled' | 'headers';

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
 * provider's retry-after). Rate-limit headers set the rate directly; without them the rate is measured
 * from the 429s themselves ({@link RateEstimator}) and settled on with a small margin, then probed up
 * rarely while healthy and busy. Callers wait in FIFO order, holding nothing while they wait.
 */
export class EndpointLimiter {
  private inFlight = 0;
  private concurrency: number;
  /** Requests per millisecond; Infinity until a limit is stated or found. */
  private rate: number;
  private learning: Learning = 'open';
  private readonly estimator = new RateEstimator();
  /** The highest rate held for a whole probe interval without a 429: where a failed probe falls back to. */
  private settledRate = Infinity;
  private probeAt = Infinity;
  private probeInterval = PROBE_INTERVAL_MS;
  private probeSteps = 0;
  /** The admission number of the last 429 and the answers (not 429) to later admissions since. */
  private lastSignalSeq = -1;
  private lastSignalAt = -Infinity;
  /** When the last burst's first 429 said the budget would be back (exact retry-after only). */
  private lastBudgetAt: number | undefined;
  private answersSinceSignal = 0;
  private nextSeq = 0;
  /** When the current episode of 429s began, and when callers last waited on calls in flight, not on the rate. */
  private episodeAt = 0;
  private heldByConcurrencyAt = -Infinity;
  /** Smoothed duration of successful calls (ms; NaN until one finished). */
  private callMs = Number.NaN;
  private tokens = 1;
  private lastRefill: number;
  private pausedUntil = 0;
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
    this.createdAt = this.lastRefill;
  }

  /** Current learned state, for progress lines, tests and benchmarks. */
  snapshot(): { inFlight: number; queued: number; concurrency: number; rpm: number; pausedForMs: number; learning: Learning } {
    const now = this.clock.now();
    return {
      inFlight: this.inFlight,
      queued: this.queue.length,
      concurrency: Math.floor(this.concurrency),
      rpm: this.rate === Infinity ? Infinity : Math.round(this.rate * 60_000),
      pausedForMs: Math.max(0, this.pausedUntil - now),
      learning: this.learning,
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

  /** The admission rate now: the learned or stated rate, or while `open` the spreading pace. */
  private get pace(): number {
    if (this.learning !== 'open' || !(this.callMs >= OPEN_PACE_MIN_CALL_MS)) return this.rate;
    return Math.min(this.rate, (OPEN_PACE_GAIN * this.concurrency) / this.callMs);
  }

  private refill(now: number): void {
    // No credit builds up while paused: the first second after a 429 must not be a burst.
    if (now <= this.lastRefill) return;
    const pace = this.pace;
    if (pace === Infinity) {
      this.tokens = 1;
    } else {
      // About one second of burst once a rate is known: enough to fill gaps, too little to overrun a
      // per-minute window. While open, hardly any: spreading admissions out is the point.
      const capacity = Math.max(1, pace * (pace === this.rate ? 1000 : OPEN_BURST_MS));
      this.tokens = Math.min(capacity, this.tokens + (now - this.lastRefill) * pace);
    }
    this.lastRefill = now;
  }

  private pump(): void {
    const now = this.clock.now();
    this.refill(now);
    const pace = this.pace;
    while (this.queue.length > 0) {
      if (now < this.pausedUntil) {
        this.wakeAt(this.pausedUntil);
        return;
      }
      if (this.inFlight >= Math.floor(this.concurrency)) {
        if (this.tokens >= 1) this.heldByConcurrencyAt = now;
        return;
      }
      if (this.tokens < 1) {
        this.wakeAt(now + (1 - this.tokens) / pace);
        return;
      }
      const waiter = this.queue.shift();
      if (!waiter) return;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      if (pace !== Infinity) this.tokens -= 1;
      this.inFlight++;
      this.admissions.push(now);
      waiter.grant(this.permit(this.nextSeq++, now));
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

  private permit(seq: number, admittedAt: number): Permit {
    let released = false;
    return {
      release: (feedback) => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.learn(feedback, seq, admittedAt);
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
      this.learning = 'headers';
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

  private learn(feedback: CallFeedback, seq: number, admittedAt: number): void {
    const now = this.clock.now();
    if (feedback.kind !== 'failed') this.applyHeaders(feedback.info, now);
    if (feedback.kind === 'rate-limited') {
      this.consecutiveLimited++;
      const backoff = Math.min(MAX_PAUSE_MS, 500 * 2 ** Math.min(8, this.consecutiveLimited - 1));
      this.pause(now, feedback.retryAfterMs ?? backoff);
      this.tokens = 0;
      this.lastRefill = Math.max(now, this.pausedUntil);
      if (this.learning !== 'headers') {
        const budgetAt = feedback.exactRetryAfter && feedback.retryAfterMs !== undefined ? admittedAt + feedback.retryAfterMs : undefined;
        this.onLimited(now, { seq, admittedAt, budgetAt });
      }
      return;
    }
    // A failed call spent the provider's budget as a success does: it is an answer for the estimate.
    if (this.learning === 'measuring' && seq > this.lastSignalSeq) this.answersSinceSignal++;
    if (feedback.kind === 'failed') return;
    this.consecutiveLimited = 0;
    const took = now - admittedAt;
    this.callMs = Number.isNaN(this.callMs) ? took : 0.8 * this.callMs + 0.2 * took;
    if (feedback.tokens !== undefined && feedback.tokens > 0) {
      this.tokensPerCall = Number.isNaN(this.tokensPerCall) ? feedback.tokens : 0.9 * this.tokensPerCall + 0.1 * feedback.tokens;
    }
    // A token limit becomes a request rate once calls say how many tokens they use.
    if (this.rate > this.ceiling) this.rate = this.ceiling;
    const busy = this.queue.length > 0;
    // Callers are waiting and every slot was taken: more parallelism would help (slow start).
    if (busy && this.inFlight + 1 >= Math.floor(this.concurrency)) this.concurrency = Math.min(this.limits.maxConcurrency, this.concurrency + 1);
    if (this.learning === 'measuring' && this.answersSinceSignal >= QUIET_ANSWERS && now - this.lastSignalAt >= QUIET_MS) {
      const estimate = this.estimator.estimate();
      if (estimate || this.settledRate !== Infinity) {
        // Many answers and no 429 at this rate: it is at or below the provider's; keep it (or the
        // highest rate the 429s allow, if lower: a long pause may have refilled the budget meanwhile).
        this.settle(now, estimate ? Math.min(this.rate, estimate.high) : this.rate);
      } else {
        // A lone 429 that the rate which drew it never drew again (a burst, another client on the
        // key): nothing was learned, and pacing at a guess would only slow the run down.
        this.learning = 'open';
        this.rate = this.ceiling;
      }
    } else if (this.learning === 'settled') {
      this.probe(now, busy);
    }
  }

  /** A 429 without a stated limit: measure the provider's rate from it and the ones before it. */
  private onLimited(now: number, signal: LimitSignal): void {
    // Sent before the last 429 came back: the same empty budget, one signal with it, not another.
    const sameBurst = signal.admittedAt <= this.lastSignalAt;
    this.lastSignalSeq = Math.max(this.lastSignalSeq, signal.seq);
    this.answersSinceSignal = 0;
    this.lastSignalAt = now;
    if (sameBurst) {
      if (signal.budgetAt !== undefined && this.lastBudgetAt !== undefined) this.estimator.noteDrift(Math.abs(signal.budgetAt - this.lastBudgetAt));
      this.estimator.add(signal);
      return;
    }
    this.lastBudgetAt = signal.budgetAt;
    if (this.learning !== 'measuring') {
      if (this.learning === 'open') {
        // Whatever was being sent drew it: measuring starts from there and comes down as 429s say.
        this.rate = Math.min(this.ceiling, Math.max(MIN_RATE_PER_MS, this.sendRate(now)));
      } else if (this.rate > this.settledRate) {
        // A probe went past the limit: back to the last rate that held, and probe more rarely.
        this.rate = this.settledRate;
        this.probeInterval = Math.min(MAX_PROBE_INTERVAL_MS, this.probeInterval * 2);
      } else {
        // The settled rate itself drew it: a little too high, or the limit dropped (more 429s will say).
        this.rate = Math.max(MIN_RATE_PER_MS, this.rate * (1 - SETTLED_CUT));
      }
      // The first 429 of an episode (or one burst of them) says only that the budget is empty now.
      this.restartEpisode(now, signal);
      this.learning = 'measuring';
      return;
    }
    if (this.heldByConcurrencyAt >= this.episodeAt) {
      // Callers waited on calls in flight, so the provider's budget may have refilled unused: the span
      // would undercount its rate. Measure afresh from here, paced just under what calls in flight sent
      // (which drew this 429), so that the rate, not calls in flight, decides from now on.
      this.rate = Math.max(MIN_RATE_PER_MS, Math.min(this.rate, this.sendRate(now) * (1 - OVERSHOOT)));
      this.restartEpisode(now, signal);
      return;
    }
    this.estimator.add(signal);
    const estimate = this.estimator.estimate();
    if (!estimate) return;
    if (estimate.high / estimate.low <= SETTLE_SPREAD && estimate.spanMs >= SETTLE_SPAN_MS) {
      // The low end: the clock slack over the span (or one request) is the safety margin.
      this.settle(now, estimate.low);
      return;
    }
    // Never faster than what drew this 429; just above the highest rate the 429s allow.
    this.rate = Math.max(MIN_RATE_PER_MS, Math.min(this.rate, this.ceiling, estimate.high * (1 + OVERSHOOT)));
  }

  private restartEpisode(now: number, signal: LimitSignal): void {
    this.estimator.restart(signal);
    this.episodeAt = now;
  }

  private settle(now: number, rate: number): void {
    this.rate = Math.max(MIN_RATE_PER_MS, Math.min(this.ceiling, rate));
    this.settledRate = this.rate;
    this.learning = 'settled';
    this.probeSteps = 0;
    this.probeAt = now + this.probeInterval;
  }

  /** Healthy: every probe interval spent busy without a 429 raises the rate by one more step. */
  private probe(now: number, busy: boolean): void {
    if (!busy) {
      // An idle stretch says nothing about the rate: the interval starts again.
      this.probeAt = now + this.probeInterval;
      return;
    }
    if (now < this.probeAt || this.rate >= this.ceiling) return;
    this.settledRate = this.rate;
    this.probeSteps++;
    // Past the old limit by several steps: the provider's limit was raised; look for it sooner.
    if (this.probeSteps >= 3) this.probeInterval = PROBE_INTERVAL_MS;
    this.rate = Math.min(this.ceiling, this.rate * (1 + PROBE_STEP * this.probeSteps));
    this.probeAt = now + this.probeInterval;
  }
}
