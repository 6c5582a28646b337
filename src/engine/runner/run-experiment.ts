import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { hashOf, stableStringify } from '../../core/hash.js';
import type { TrialError, TrialRecord, TrialSpec, TrialStatus } from '../../core/trial.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import type { ProviderRegistry, ResolvedModel } from '../../providers/provider-registry.js';
import { costOf } from '../../providers/pricing.js';
import { SIM_CONTEXT_KEY } from '../../providers/sim/sim-model.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { Verdict } from '../../core/verdict.js';
import { classifiersForScenario } from '../classify/classifier-registry.js';
import { classifyFinishedTrial } from '../classify/classify-run.js';
import type { JudgeRuntime } from '../classify/judge.js';
import type { ExperimentConfig } from '../config/experiment-config.js';
import { mitigationComparisonForRun, type MitigationComparison } from '../mitigate/compare/compare-arms.js';
import { summarizeRun, type RunSummary } from '../stats/summarize-run.js';
import { storedPrices } from '../stats/run-cost.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { DuplicateTrialError } from '../store/store-errors.js';
import { trialKeyString, type Store, type TrialIndexEntry } from '../store/store.js';
import type { ResponseCache } from '../store/response-cache.js';
import { CORRIGIBLE_VERSION } from '../version.js';
import { ModelStoppedError, runAgentLoop, TrialAbortedError, type StreamSettings } from './agent-loop.js';
import { planExperiment, type ExperimentPlan, type PlannedCondition, type PlannedTrial } from './plan-experiment.js';
import { CallTimeout } from './call-timeout.js';
import type { EndpointLimits } from './endpoint-limiter.js';
import { ErrorLog, type ErrorGroup } from './error-groups.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { StoreWriteError } from './runner-errors.js';
import { createAdaptiveScheduler, type Scheduler } from './scheduler.js';
import { checkStoredSettings, createSettingsGuard } from './settings-guard.js';
import { runInLanes } from './trial-lanes.js';

/** The default database file, relative to the working directory. */
export const DEFAULT_STORE_PATH = '.corrigible/corrigible.db';

/** Progress of a run, for progress bars and logs. */
export type RunEvent =
  | { type: 'start'; runId: string; storePath: string; planned: number; alreadyDone: number; toRun: number }
  | {
      type: 'trial';
      model: string;
      conditionId: string;
      sample: number;
      status: TrialStatus;
      done: number;
      toRun: number;
      errors: number;
      /** USD spent by this invocation so far on models with a known price, judge calls included. */
      costUsd: number;
      /** Of `costUsd`, what the judge's calls cost (`classify.judge`, priced like any model). */
      judgeCostUsd: number;
    }
  /** A permanent error (bad key, unknown model …): the model's remaining trials are not sent. */
  | { type: 'model-stopped'; model: string; message: string };

export interface RunExperimentOptions {
  scenarios?: ScenarioRegistry;
  providers?: ProviderRegistry;
  /** Environment to read keys from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof globalThis.fetch;
  /** Use this store (the caller closes it) instead of opening the config's SQLite file. */
  store?: Store;
  /** Overrides the config's `store` path. */
  storePath?: string;
  /** Abort to stop cleanly: in-flight trials are abandoned (not stored), everything stored stays. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  retry?: Partial<RetryPolicy>;
  scheduler?: Scheduler;
  /**
   * Stop cleanly once this invocation has spent this many USD (models with a known price only): no new
   * call starts, in-flight trials are abandoned (never stored half done), everything stored stays.
   */
  maxCostUsd?: number;
  /**
   * Replay answers already received (default true): a resumed trial's earlier steps come from the store's
   * response cache at no cost. `false` (`--no-cache`) sends every request again and caches nothing.
   */
  cache?: boolean;
}

export interface RunResult {
  runId: string;
  storePath: string | null;
  planned: number;
  /** Trials already stored (not `error`) before this invocation. */
  alreadyDone: number;
  /** Trials run and stored by this invocation, any status. */
  ran: number;
  /** Of those, how many ended in `error` (a later run of the same config retries them). */
  errors: number;
  /** True when the run was aborted before every trial was attempted. */
  interrupted: boolean;
  /** Trials not sent because their model failed permanently earlier in this invocation. */
  skipped: number;
  /** Models stopped after a permanent error, with the provider's message. */
  stoppedModels: { model: string; message: string }[];
  /** This invocation's errors grouped by model and cause, most frequent first. */
  errorGroups: ErrorGroup[];
  /**
   * USD spent by the trials this invocation stored, errored ones included, on models with a known price,
   * plus the judge calls made on them.
   */
  costUsd: number;
  /** Of `costUsd`, what the judge's calls cost. */
  judgeCostUsd: number;
  /** Models (the judge included) run without a known price (their cost is not in `costUsd`; set `price` in the config). */
  unpricedModels: string[];
  /** True when `maxCostUsd` was reached and the run stopped early. */
  budgetReached: boolean;
  /** Models that were simulated (`sim:`, `scripted:`): no real model was evaluated for them. */
  simulatedModels: string[];
  summary: RunSummary;
  /** Before/after comparison of the config's `mitigation` arms; null without a mitigation block. */
  mitigation: MitigationComparison | null;
}

function comparableSpec(spec: TrialSpec): Omit<TrialSpec, 'corrigibleVersion'> {
  const { corrigibleVersion: _ignored, ...rest } = spec;
  return rest;
}

/** The first field where two specs differ, as `field: old → new`, or null when they match. */
function specDifference(stored: TrialSpec, planned: TrialSpec): string | null {
  const a = comparableSpec(stored) as Record<string, unknown>;
  const b = comparableSpec(planned) as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (stableStringify(a[key]) !== stableStringify(b[key])) return `${key}: ${stableStringify(a[key])} → ${stableStringify(b[key])}`;
  }
  return null;
}

/**
 * Refuses to mix trials made under different settings into one run: their rates would not mean
 * anything. Adding models, conditions or samples is fine (that extends the run). Walks the stored trials,
 * not the plan, so a dry run of a huge plan needs no planned-trial objects.
 */
function checkResumable(plan: ExperimentPlan, index: ReadonlyMap<string, TrialIndexEntry>): void {
  const planned = new Map<string, { model: ResolvedModel; condition: PlannedCondition }>();
  for (const model of plan.models) for (const condition of plan.conditions) planned.set(`${model.id}\u0000${condition.condition.id}`, { model, condition });
  // Report the first difference in plan order (models as configured), not in whatever order rows were stored.
  let first: { rank: number; model: string; difference: string } | undefined;
  const rank = new Map(plan.models.map((m, i) => [m.id, i]));
  for (const [key, stored] of index) {
    if (stored.status === 'error') continue;
    const match = planned.get(key.slice(0, key.lastIndexOf('\u0000')));
    if (!match) continue;
    const difference = specDifference(stored.spec, plan.specFor(match.model, match.condition));
    const r = rank.get(match.model.id) ?? 0;
    if (difference && (first === undefined || r < first.rank)) first = { rank: r, model: match.model.id, difference };
  }
  if (first) {
    throw new ConfigError('name', `run "${plan.runId}" already holds trials of ${first.model} made with different settings (${first.difference})`, {
      hint: 'give the experiment a new name to start a separate run, or restore the old settings to resume',
    });
  }
}

/** Calls in flight per endpoint at most, unless the config sets `concurrency`; rates are learned below it. */
const DEFAULT_MAX_CONCURRENCY = 64;
/** Offline models run in-process: a fixed width is plenty, and nothing needs learning. */
const SIMULATED_CONCURRENCY = 16;

function limitsFor(model: ResolvedModel, config: ExperimentConfig): EndpointLimits {
  const ceiling = model.concurrency ?? config.concurrency;
  if (model.simulated) {
    const width = ceiling ?? SIMULATED_CONCURRENCY;
    return { maxConcurrency: width, initialConcurrency: width, rpm: model.rpm, tpm: model.tpm };
  }
  const max = ceiling ?? DEFAULT_MAX_CONCURRENCY;
  return { maxConcurrency: max, initialConcurrency: Math.min(4, max), rpm: model.rpm, tpm: model.tpm };
}

/**
 * What one endpoint has learned about how long its calls take: the whole-call limit for unstreamed calls,
 * and the first-byte and idle limits for streamed ones, each lowered from what the endpoint has shown.
 */
function endpointTimeouts(config: ExperimentConfig): { whole: CallTimeout; stream: StreamSettings } {
  const firstByte = new CallTimeout(config.agent.firstByteTimeoutMs);
  const idle = new CallTimeout(config.agent.idleTimeoutMs, IDLE_FLOOR_MS);
  return {
    whole: new CallTimeout(config.agent.timeoutMs),
    stream: {
      firstByteMs: () => firstByte.current(),
      idleMs: () => idle.current(),
      totalMs: config.agent.maxCallMs,
      onTiming: (timing) => {
        firstByte.observe(timing.firstByteMs);
        idle.observe(timing.longestGapMs);
      },
      refused: {},
    },
  };
}

/** A silence shorter than this never ends a streamed call: providers pause (queues, tool use) without failing. */
const IDLE_FLOOR_MS = 30_000;

/** A trial runs when nothing is stored for its key or only a failed (`error`) attempt is. */
function needsRun(index: ReadonlyMap<string, TrialIndexEntry>, trial: PlannedTrial): boolean {
  const stored = index.get(trialKeyString(trial.model.id, trial.planned.condition.id, trial.sample));
  return !stored || stored.status === 'error';
}

async function executeTrial(
  plan: ExperimentPlan,
  trial: PlannedTrial,
  attempt: number,
  retry: RetryPolicy,
  schedule: <T>(call: () => Promise<T>) => Promise<T>,
  timeout: CallTimeout,
  stream: StreamSettings,
  signal: AbortSignal | undefined,
  judge: JudgeRuntime | undefined,
  cache: ResponseCache | undefined,
) {
  const { scenario, condition, instance } = trial.planned;
  const { outcome, finalState } = await runAgentLoop({
    instance,
    model: trial.model,
    mode: plan.config.agent.mode,
    maxSteps: plan.config.agent.maxSteps,
    timeoutMs: () => timeout.current(),
    onCallTime: (ms) => { timeout.observe(ms); },
    stream,
    retry,
    schedule,
    ...(trial.model.simulated ? { providerOptions: { [SIM_CONTEXT_KEY]: { conditionId: condition.id, seed: trial.seed } } } : {}),
    ...(signal ? { signal } : {}),
    ...(cache ? { cache } : {}),
    sample: trial.sample,
  });
  const record: TrialRecord = {
    id: hashOf({ run: plan.runId, model: trial.model.id, condition: condition.id, sample: trial.sample }, 24),
    runId: plan.runId,
    model: trial.model.id,
    conditionId: condition.id,
    sample: trial.sample,
    ...outcome,
    spec: trial.spec,
    attempt,
    seed: trial.seed,
  };
  // The detector → judge cascade; an errored trial is not an outcome and gets no verdicts. Judge calls
  // take scheduler slots of their own (slots are held per call, never per trial), so a judge sharing the
  // agent's rate-limit key cannot wait on its own trial.
  const classify = async (): Promise<Verdict[]> =>
    (await classifyFinishedTrial(classifiersForScenario(scenario, judge ? { judge } : {}), { trial: record, instance, finalState })).verdicts;
  return { record, classify };
}

/** Registries, the validated plan and the store path: everything decided before a store is touched. */
function prepare(config: ExperimentConfig, options: RunExperimentOptions, materialize = true) {
  const scenarios = options.scenarios ?? createDefaultScenarioRegistry();
  const providers = options.providers ?? createDefaultProviderRegistry(scenarios);
  const plan = planExperiment(
    config,
    { scenarios, providers },
    { ...(options.env ? { env: options.env } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), materialize },
  );
  const storePath = options.store ? null : (options.storePath ?? config.store ?? DEFAULT_STORE_PATH);
  return { scenarios, plan, storePath };
}

/** What a run would do, computed without running or writing anything. */
export interface ExperimentPreview {
  runId: string;
  storePath: string | null;
  models: string[];
  simulatedModels: string[];
  conditions: number;
  samples: number;
  planned: number;
  alreadyDone: number;
  toRun: number;
  /** Upper bound on model calls for the trials still to run (each may take up to agent.maxSteps). */
  maxModelCalls: number;
}

/**
 * Validates and plans an experiment and counts what a run would still do, without calling any model or
 * writing anything (an existing store is only read). Surfaces the same errors a run would.
 */
export async function previewExperiment(
  config: ExperimentConfig,
  options: Pick<RunExperimentOptions, 'scenarios' | 'providers' | 'env' | 'fetch' | 'store' | 'storePath'> = {},
): Promise<ExperimentPreview> {
  const { plan, storePath } = prepare(config, options, false);
  let index = new Map<string, TrialIndexEntry>();
  // Read-only: a dry run must not create tables in (or switch the journal of) whatever file it is pointed at.
  const store = options.store ?? (storePath && existsSync(storePath) ? openSqliteStore(storePath, { readOnly: true }) : undefined);
  if (store) {
    try {
      index = await store.trialIndex(plan.runId);
      checkResumable(plan, index);
      if ([...index.values()].some((t) => t.status !== 'error')) await checkStoredSettings(store, plan.runId, config);
    } finally {
      if (!options.store) await store.close();
    }
  }
  // Counted, not listed: a plan the schema allows can hold tens of millions of trials.
  const planned = plan.models.length * plan.conditions.length * config.samples;
  const models = new Set(plan.models.map((m) => m.id));
  const conditions = new Set(plan.conditions.map((c) => c.condition.id));
  let alreadyDone = 0;
  for (const [key, entry] of index) {
    if (entry.status === 'error') continue;
    const [model = '', condition = '', sample = ''] = key.split('\u0000');
    if (models.has(model) && conditions.has(condition) && Number(sample) < config.samples) alreadyDone++;
  }
  const toRun = planned - alreadyDone;
  return {
    runId: plan.runId,
    storePath,
    models: plan.models.map((m) => m.id),
    simulatedModels: plan.models.filter((m) => m.simulated).map((m) => m.id),
    conditions: plan.conditions.length,
    samples: config.samples,
    planned,
    alreadyDone,
    toRun,
    maxModelCalls: toRun * config.agent.maxSteps,
  };
}

/**
 * Runs an experiment end to end: plan (validating everything first), skip trials already stored, run the
 * rest through the scheduler, classify and store each trial as it finishes, then summarize. Re-running
 * the same config resumes: finished trials are skipped and errored ones retried.
 */
export async function runExperiment(config: ExperimentConfig, options: RunExperimentOptions = {}): Promise<RunResult> {
  const { scenarios, plan, storePath } = prepare(config, options);
  const store = options.store ?? openSqliteStore(storePath ?? DEFAULT_STORE_PATH);
  try {
    const index = await store.trialIndex(plan.runId);
    checkResumable(plan, index);
    // The seed is not in a trial's spec: a run whose finished trials came from another seed must not go on.
    if ([...index.values()].some((t) => t.status !== 'error')) await checkStoredSettings(store, plan.runId, config);
    const simulatedModels = plan.models.filter((m) => m.simulated).map((m) => m.id);
    const now = new Date().toISOString();
    await store.saveRun({ id: plan.runId, config: { experiment: config, simulatedModels }, createdAt: now, updatedAt: now, corrigibleVersion: CORRIGIBLE_VERSION });

    const todo = plan.trials.filter((t) => needsRun(index, t));
    const cache = options.cache === false ? undefined : store.responseCache?.();
    const alreadyDone = plan.trials.length - todo.length;
    options.onEvent?.({ type: 'start', runId: plan.runId, storePath: storePath ?? '(custom store)', planned: plan.trials.length, alreadyDone, toRun: todo.length });

    const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry, maxAttempts: options.retry?.maxAttempts ?? config.agent.maxAttempts };
    const limits = new Map<string, EndpointLimits>();
    for (const m of plan.models) if (!limits.has(m.rateLimitKey)) limits.set(m.rateLimitKey, limitsFor(m, config));
    if (plan.judge && !limits.has(plan.judge.rateLimitKey)) limits.set(plan.judge.rateLimitKey, limitsFor(plan.judge, config));
    const scheduler = options.scheduler ?? createAdaptiveScheduler((key) => limits.get(key) ?? { maxConcurrency: DEFAULT_MAX_CONCURRENCY, initialConcurrency: 4 });

    const timeouts = new Map<string, { whole: CallTimeout; stream: StreamSettings }>();
    const timeoutsOf = (key: string) => {
      let found = timeouts.get(key);
      if (!found) {
        found = endpointTimeouts(config);
        timeouts.set(key, found);
      }
      return found;
    };
    // Stops everything at once on a failure that makes going on pointless (the store cannot be written).
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    // Every waiting call listens on it; hundreds of listeners are expected, not a leak.
    setMaxListeners(0, signal);
    const judge: JudgeRuntime | undefined = plan.judge && { model: plan.judge, scheduler, retry, timeoutMs: config.agent.timeoutMs, signal };
    let fatal: Error | undefined;
    const stopped = new Map<string, TrialError>();
    const errorLog = new ErrorLog();
    const guard = createSettingsGuard(store, plan.runId, config);
    let done = 0;
    let errors = 0;
    let abandoned = 0;
    let skipped = 0;
    let costUsd = 0;
    let judgeCostUsd = 0;
    // Priced as `summarizeRunCost` prices it from the stored config, so the live number and the summary agree.
    const judgePrice = plan.judge && !plan.judge.simulated ? (storedPrices({ experiment: config }).get(plan.judge.id) ?? plan.judge.price) : undefined;
    let budgetReached = false as boolean;
    await runInLanes(todo, {
      laneOf: (trial) => trial.model.rateLimitKey,
      widthOf: (key) => 2 * (limits.get(key)?.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY),
      signal,
      work: async (trial) => {
        if (stopped.has(trial.model.id)) {
          skipped++;
          return;
        }
        const key = trialKeyString(trial.model.id, trial.planned.condition.id, trial.sample);
        const attempt = (index.get(key)?.attempt ?? 0) + 1;
        try {
          // Checked at admission too: trials already waiting when the model was stopped must not be sent.
          const schedule = <T>(call: () => Promise<T>) =>
            scheduler.schedule(trial.model.rateLimitKey, () => (stopped.has(trial.model.id) ? Promise.reject(new ModelStoppedError(trial.model.id)) : call()), signal);
          const { record, classify } = await executeTrial(plan, trial, attempt, retry, schedule, timeoutsOf(trial.model.rateLimitKey).whole, timeoutsOf(trial.model.rateLimitKey).stream, signal, judge, cache);
          const verdicts = await classify();
          await guard();
          try {
            await store.saveTrial(record, verdicts);
          } catch (error) {
            if (error instanceof DuplicateTrialError) throw error;
            throw new StoreWriteError(error instanceof Error ? error.message : String(error), { cause: error });
          }
          done++;
          if (trial.model.price) costUsd += costOf(record.usage, trial.model.price);
          if (judgePrice) {
            const spent = verdicts.reduce((sum, v) => sum + (v.judgeExchange?.usage ? costOf(v.judgeExchange.usage, judgePrice) : 0), 0);
            judgeCostUsd += spent;
            costUsd += spent;
          }
          if (options.maxCostUsd !== undefined && costUsd >= options.maxCostUsd && !budgetReached) {
            budgetReached = true;
            stop.abort(new Error(`cost limit of $${options.maxCostUsd} reached`));
          }
          if (record.error) {
            errors++;
            errorLog.add(record.model, record.error);
            // A permanent failure (bad key, unknown model, invalid request) would fail every other trial of
            // the model the same way: stop sending them, and say so once.
            if (!record.error.retryable && !stopped.has(record.model)) {
              stopped.set(record.model, record.error);
              options.onEvent?.({ type: 'model-stopped', model: record.model, message: record.error.message });
            }
          }
          options.onEvent?.({ type: 'trial', model: record.model, conditionId: record.conditionId, sample: record.sample, status: record.status, done, toRun: todo.length, errors, costUsd, judgeCostUsd });
        } catch (error) {
          if (error instanceof ModelStoppedError) {
            skipped++;
            return;
          }
          if (error instanceof TrialAbortedError || signal.aborted) {
            abandoned++;
            return;
          }
          // Another process finished this trial first: it is stored once, which is all we need.
          if (error instanceof DuplicateTrialError) return;
          fatal ??= error instanceof Error ? error : new Error(String(error));
          stop.abort(fatal);
        }
      },
    });
    if (fatal !== undefined) throw fatal;

    const interrupted = ((options.signal?.aborted ?? false) || budgetReached) && done + alreadyDone < plan.trials.length;
    const summary = await summarizeRun(store, plan.runId, scenarios);
    return {
      runId: plan.runId,
      storePath,
      planned: plan.trials.length,
      alreadyDone,
      ran: done,
      errors,
      interrupted: interrupted || abandoned > 0,
      skipped,
      stoppedModels: [...stopped].map(([model, error]) => ({ model, message: error.message })),
      errorGroups: errorLog.groups(),
      costUsd,
      judgeCostUsd,
      unpricedModels: [...new Set([...plan.models.filter((m) => !m.simulated && !m.price).map((m) => m.id), ...(plan.judge && !plan.judge.simulated && !judgePrice ? [plan.judge.id] : [])])],
      budgetReached,
      simulatedModels,
      summary,
      mitigation: await mitigationComparisonForRun(store, plan.runId, summary.behaviors),
    };
  } finally {
    if (!options.store) await store.close();
  }
}
