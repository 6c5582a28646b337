/**
 * Runs work items in lanes (one per rate-limit key), each lane with a bounded number of items in flight.
 * Items are cheap async state machines: a lane keeps enough of them started that its limiter always has
 * callers waiting, and no more, so memory stays flat in the number of trials. Lanes never block each
 * other: a slow or stopped provider does not hold back a fast one.
 */
export interface LaneOptions<T> {
  laneOf(item: T): string;
  /** Items in flight at once in a lane. */
  widthOf(lane: string): number;
  work(item: T): Promise<void>;
  /** Stops starting new items (in-flight ones finish or abort on their own). */
  signal: AbortSignal;
}

/** Longest stretch of synchronous-looking work before the loop yields to timers, I/O and signals. */
const YIELD_EVERY_MS = 8;

/**
 * Yields to the event loop when a CPU-bound stretch (an offline `sim:` run resolves every call at once)
 * has run long enough; otherwise Ctrl-C would not be seen until the whole run ended.
 */
function createYielder(): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < YIELD_EVERY_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

/** Runs `work` over every item, lane by lane in parallel, in each lane's order. */
export async function runInLanes<T>(items: readonly T[], options: LaneOptions<T>): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const lane = options.laneOf(item);
    let list = lanes.get(lane);
    if (!list) {
      list = [];
      lanes.set(lane, list);
    }
    list.push(item);
  }
  const pause = createYielder();
  const workers: Promise<void>[] = [];
  for (const [lane, list] of lanes) {
    let next = 0;
    const worker = async () => {
      while (next < list.length && !options.signal.aborted) {
        const item = list[next] as T;
        // Drop the reference as soon as the item is taken: a finished prefix of a long lane can be collected.
        list[next] = undefined as T;
        next++;
        await options.work(item);
        await pause();
      }
    };
    const width = Math.max(1, Math.min(list.length, options.widthOf(lane)));
    for (let i = 0; i < width; i++) workers.push(worker());
  }
  await Promise.all(workers);
}
