/** Successful call durations kept per endpoint to estimate what "hung" means there. */
const WINDOW = 256;
/** Before this many successes nothing is known, and the configured timeout applies as is. */
const MIN_SAMPLES = 20;
/** A call is presumed hung after this multiple of the slowest 1% of recent successful calls… */
const FACTOR = 8;
/** …but never sooner than this (by default). */
const FLOOR_MS = 5000;
const REFRESH_EVERY = 16;

/**
 * The per-call timeout of one endpoint, learned from its own latencies: a hung call should free its slot
 * in seconds where answers take a second, while a reasoning model whose answers take minutes is never cut
 * (its own slow answers raise the limit). Never above the configured `agent.timeoutMs`.
 */
export class CallTimeout {
  private readonly samples: number[] = [];
  private next = 0;
  private cached: number | undefined;
  private sinceRefresh = 0;

  /** `floorMs`: never shorter than this, however fast the endpoint has been. */
  constructor(
    private readonly configuredMs: number,
    private readonly floorMs: number = FLOOR_MS,
  ) {}

  /** Records the duration of a call that succeeded. */
  observe(ms: number): void {
    if (this.samples.length < WINDOW) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
    // Re-sorting on every call would cost more than it tells: refresh every few calls, and at once while young.
    if (++this.sinceRefresh >= REFRESH_EVERY || this.samples.length <= MIN_SAMPLES) {
      this.cached = undefined;
      this.sinceRefresh = 0;
    }
  }

  /** The timeout for the next call, in milliseconds. */
  current(): number {
    if (this.samples.length < MIN_SAMPLES) return this.configuredMs;
    if (this.cached === undefined) {
      const sorted = [...this.samples].sort((a, b) => a - b);
      const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
      this.cached = Math.min(this.configuredMs, Math.max(this.floorMs, Math.ceil(p99 * FACTOR)));
    }
    return this.cached;
  }
}
