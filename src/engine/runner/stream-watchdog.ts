import type { CallWatch } from '../../providers/call-watch.js';
import { ModelTimeoutError } from './retry.js';

/** The limits of one streamed call, in milliseconds; functions are re-read while the call runs (learned limits). */
export interface StreamLimits {
  /** Longest wait for the response to start (status line and headers). */
  firstByteMs: number | (() => number);
  /** Longest silence between two chunks of the body once it started. */
  idleMs: number | (() => number);
  /** Longest the whole call may take. */
  totalMs: number;
}

/** How a streamed call that finished went, for learning the limits of its endpoint. */
export interface StreamTiming {
  firstByteMs: number;
  /** The longest silence between chunks (or between headers and the first chunk). */
  longestGapMs: number;
}

/** A learned limit may shrink while a call is in flight; checks happen at least this often. */
const RECHECK_MS = 1000;

const read = (limit: number | (() => number)): number => (typeof limit === 'number' ? limit : limit());

/**
 * Times one streamed model call by its bytes and aborts it, with a {@link ModelTimeoutError} as the
 * reason, when no byte came within the first-byte limit, when the body fell silent for longer than the
 * idle limit, or when the call ran past the total cap. Told about bytes by the provider's fetch (see
 * `watchCall`), so a model that streams its thinking, or a server that sends pings, is never cut.
 * One timer per call, re-armed lazily: bytes only record a time.
 */
export class StreamWatchdog implements CallWatch {
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private firstByteAt: number | undefined;
  private lastByteAt = 0;
  private longestGap = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The content type of a successful response that was not an event stream, if one came. */
  plainBody: string | undefined;

  constructor(
    private readonly modelId: string,
    private readonly limits: StreamLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
    this.check();
  }

  /** Aborted when a limit is passed; its reason is the timeout error. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The timeout that aborted the call, if one did. */
  get timedOut(): ModelTimeoutError | undefined {
    const reason: unknown = this.controller.signal.reason;
    return this.controller.signal.aborted && reason instanceof ModelTimeoutError ? reason : undefined;
  }

  onHeaders(status: number, contentType: string | null): void {
    // A success that is not an event stream: the server ignored `stream: true` (what the SDK then makes of
    // the body, an empty answer or a parse error, is not the model's answer).
    if (status >= 200 && status < 300 && contentType !== null && !contentType.includes('event-stream')) this.plainBody = contentType;
    const now = this.now();
    this.firstByteAt ??= now;
    this.lastByteAt = now;
  }

  onBytes(): void {
    const now = this.now();
    this.firstByteAt ??= now;
    this.longestGap = Math.max(this.longestGap, now - this.lastByteAt);
    this.lastByteAt = now;
  }

  /** First byte and longest gap of a call that finished; undefined when no byte came. */
  timing(): StreamTiming | undefined {
    if (this.firstByteAt === undefined) return undefined;
    return { firstByteMs: this.firstByteAt - this.startedAt, longestGapMs: this.longestGap };
  }

  /** Stops the timer (the call is over). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly check = (): void => {
    const now = this.now();
    const total = this.limits.totalMs - (now - this.startedAt);
    if (total <= 0) { this.fire(`${this.modelId} was still answering after ${Math.round(now - this.startedAt)} ms (agent.maxCallMs)`); return; }
    let left: number;
    if (this.firstByteAt === undefined) {
      const limit = read(this.limits.firstByteMs);
      left = limit - (now - this.startedAt);
      if (left <= 0) { this.fire(`no response from ${this.modelId} within ${Math.round(limit)} ms (time to first byte)`); return; }
    } else {
      const limit = read(this.limits.idleMs);
      left = limit - (now - this.lastByteAt);
      if (left <= 0) { this.fire(`${this.modelId} went silent for ${Math.round(now - this.lastByteAt)} ms mid-answer (idle limit ${Math.round(limit)} ms)`); return; }
    }
    this.timer = setTimeout(this.check, Math.max(1, Math.min(left, total, RECHECK_MS)));
    this.timer.unref();
  };

  private fire(message: string): void {
    this.timer = undefined;
    this.controller.abort(new ModelTimeoutError(message));
  }
}
