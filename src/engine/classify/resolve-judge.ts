import type { ModelEntry } from '../../providers/model-entry.js';
import type { ProviderRegistry } from '../../providers/provider-registry.js';
import { defaultRetryPolicy, type RetryPolicy } from '../runner/retry.js';
import { createConcurrencyScheduler, type Scheduler } from '../runner/scheduler.js';
import type { JudgeRuntime } from './judge.js';

/** Options of resolveJudge. */
export interface ResolveJudgeOptions {
  env?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof globalThis.fetch;
  /** Share a scheduler with other model calls; default: a new one with `concurrency` per key. */
  scheduler?: Scheduler;
  concurrency?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Where the model came from, for error messages (e.g. `--judge`). */
  field?: string;
}

/**
 * A judge from a model entry (`anthropic:claude-…`, `scripted:judge.yaml`, …), resolved by the provider
 * registry like any agent model: keys from the environment only, one clear error when it cannot be.
 */
export function resolveJudge(providers: ProviderRegistry, entry: ModelEntry, options: ResolveJudgeOptions = {}): JudgeRuntime {
  const model = providers.resolve(entry, { field: options.field ?? 'judge', ...(options.env ? { env: options.env } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const concurrency = model.concurrency ?? options.concurrency ?? 8;
  return {
    model,
    scheduler: options.scheduler ?? createConcurrencyScheduler(() => concurrency),
    retry: options.retry ?? defaultRetryPolicy,
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
