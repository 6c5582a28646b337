/**
 * One 429 seen by the limiter: which admission drew it and when. A 429 means the provider's budget was
 * empty when that request arrived, so two of them bracket a stretch in which the provider let through
 * exactly what its rate refilled.
 */
export interface LimitSignal {
  /** The admission's sequence number at its limiter (every admission gets the next one). */
  seq: number;
  /** When the limited request was admitted. */
  admittedAt: number;
  /**
   * When the provider's budget holds one request again: admission plus a millisecond-exact
   * `retry-after-ms`. Absent when the provider gave only whole seconds or nothing.
   */
  budgetAt?: number | undefined;
}

/** The provider's request rate, bracketed (requests per millisecond), and what it rests on. */
export interface RateEstimate {
  low: number;
  high: number;
  /** Requests the provider let through between the first and the last 429 of the episode. */
  accepted: number;
  spanMs: number;
}

/**
 * How far our admission clock and the provider's can drift apart within one measurement (send delay,
 * event-loop lag); an exact span is trusted to within this many milliseconds at each end.
 */
const CLOCK_SLACK_MS = 15;
const MAX_SLACK_MS = 250;
/**
 * Fewer requests than this between two 429s say too little: which side of the span a request sent
 * near either end fell on is a matter of delivery order.
 */
const MIN_ACCEPTED = 3;

/**
 * Estimates a provider's sustained request rate from its 429s, for providers that state no limit in
 * headers. The provider is modelled as a token bucket (how OpenAI and Anthropic describe theirs): at each
 * 429 its budget held less than one request. Between two 429s, with requests sent at least as fast as it
 * refilled, every refilled request was let through, so `accepted / span` is the rate, to within one
 * request (the budget's fraction at either end) or, when the provider says to the millisecond when the
 * budget is back (`retry-after-ms`), to within the clock slack. The longer the episode, the tighter the
 * bracket. Requests still in flight count as let through: 429s come back at once, successes after the
 * model's latency, so a pending request is almost always a successful one. A failed call (5xx, hang)
 * counts too, since it spent the provider's budget as well.
 */
export class RateEstimator {
  private first: LimitSignal | undefined;
  private last: LimitSignal | undefined;
  /** 429s in the episode; all lie between `first` and `last` by sequence number. */
  private count = 0;

  constructor(private slackMs = CLOCK_SLACK_MS) {}

  /**
   * Two 429s from one empty budget named moments this far apart for its return: our clock and the
   * provider's drift by that much (send delay, event-loop lag), so exact spans are trusted less.
   */
  noteDrift(ms: number): void {
    this.slackMs = Math.min(MAX_SLACK_MS, Math.max(this.slackMs, ms));
  }

  /** Starts a new episode at this 429 (the earlier ones may no longer describe the provider). */
  restart(signal: LimitSignal): void {
    this.first = signal;
    this.last = signal;
    this.count = 1;
  }

  /** Adds a 429 to the episode (starting one if there is none). */
  add(signal: LimitSignal): void {
    if (!this.first || !this.last) {
      this.restart(signal);
      return;
    }
    this.count++;
    // 429s come back in about the order they were sent, not exactly: keep the episode's two ends.
    if (signal.seq < this.first.seq) this.first = signal;
    if (signal.seq > this.last.seq) this.last = signal;
  }

  /** The rate bracket so far, or undefined while the episode cannot say (one 429, or one burst). */
  estimate(): RateEstimate | undefined {
    const { first, last } = this;
    if (!first || !last) return undefined;
    const accepted = last.seq - first.seq - (this.count - 1);
    if (accepted < MIN_ACCEPTED) return undefined;
    if (first.budgetAt !== undefined && last.budgetAt !== undefined) {
      const spanMs = last.budgetAt - first.budgetAt;
      if (spanMs <= 0) return undefined;
      const high = spanMs > this.slackMs ? accepted / (spanMs - this.slackMs) : Infinity;
      return { low: accepted / (spanMs + this.slackMs), high, accepted, spanMs };
    }
    const spanMs = last.admittedAt - first.admittedAt;
    if (spanMs <= 0) return undefined;
    return { low: (accepted - 1) / spanMs, high: (accepted + 1) / spanMs, accepted, spanMs };
  }
}
