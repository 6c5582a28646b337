import PQueue from 'p-queue';

/**
 * Decides when each model call may start. The runner only talks to this interface, so the fixed
 * per-key concurrency below can later become per-provider rate limits that adapt to 429s.
 */
export interface Scheduler {
  /** Runs `task` when a slot for `key` is free. */
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** One queue per key (a provider endpoint and key, or one simulated model), each with its own concurrency. */
export function createConcurrencyScheduler(concurrencyFor: (key: string) => number): Scheduler {
  const queues = new Map<string, PQueue>();
  const queueFor = (key: string): PQueue => {
    let queue = queues.get(key);
    if (!queue) {
      queue = new PQueue({ concurrency: concurrencyFor(key) });
      queues.set(key, queue);
    }
    return queue;
  };
  return { schedule: (key, task) => queueFor(key).add(task) };
}
