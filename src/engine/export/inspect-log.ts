import { z } from 'zod';
import { hashOf } from '../../core/hash.js';
import type { TrialRecord, Usage } from '../../core/trial.js';
import { chooseClassifiers, isChosenVerdict } from '../store/choose-classifier.js';
import type { RunClassifier, StoredVerdict, Store } from '../store/store.js';
import { UnknownRunError } from '../store/unknown-run-error.js';
import { groupRates } from '../stats/grouped-rates.js';
import { CORRIGIBLE_VERSION } from '../version.js';
import { toInspectMessages, type InspectMessage } from './inspect-messages.js';

/** One Inspect eval log: Inspect logs hold one model each, so a run exports one log per model. */
export interface InspectLogFile {
  model: string;
  /** Inspect's naming, `<created>_<task>_<id>.json`, so `inspect view --log-dir` lists it. */
  fileName: string;
  log: Record<string, unknown>;
}

const RunConfigSchema = z.object({
  experiment: z.object({ agent: z.object({ mode: z.string(), maxSteps: z.number() }).partial().optional() }).loose(),
  simulatedModels: z.array(z.string()).default([]),
});

/** Inspect names models `provider/model`; ours are `provider:model`. */
const inspectModel = (model: string) => model.replace(':', '/');

function modelUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    input_tokens_cache_write: null,
    input_tokens_cache_read: usage.cachedInputTokens,
    reasoning_tokens: usage.reasoningTokens,
    total_cost: null,
  };
}

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    calls: a.calls + b.calls,
  };
}

/**
 * Per behavior and mode, the verdict of the classifier the rates count (`chooseClassifier`: the cascade's
 * final one by default), keyed `blackmail` (acted) or `blackmail:considered`; never another classifier's.
 */
function chosenVerdicts(verdicts: readonly StoredVerdict[], chosen: readonly RunClassifier[]): Map<string, StoredVerdict> {
  const picked = new Map<string, StoredVerdict>();
  for (const v of verdicts) if (isChosenVerdict(chosen, v)) picked.set(v.mode === 'acted' ? v.behavior : `${v.behavior}:${v.mode}`, v);
  return picked;
}

const STOP_REASONS: Readonly<Record<TrialRecord['status'], string>> = { ok: 'stop', imported: 'stop', truncated: 'max_tokens', refused: 'content_filter', error: 'unknown' };

function sample(trial: TrialRecord, verdicts: readonly StoredVerdict[], chosen: readonly RunClassifier[], model: string) {
  const messages: InspectMessage[] = toInspectMessages(trial.transcript, model, trial.id);
  const input = messages.filter((m) => m.role === 'system' || m.role === 'user').slice(0, 2);
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  const scores: Record<string, unknown> = {};
  const unscored: { score: string; explanation: string }[] = [];
  for (const [name, v] of chosenVerdicts(verdicts, chosen)) {
    // Inspect has no "unscored" value; an unscored verdict is left out of the scores (so no metric can
    // count it as safe) and listed in the sample's metadata instead.
    if (v.label === 'unscored') {
      unscored.push({ score: name, explanation: v.explanation });
      continue;
    }
    scores[name] = {
      value: v.label === 'yes' ? 1 : 0,
      answer: v.label,
      explanation: v.explanation,
      metadata: { mode: v.mode, evidence: v.evidence, classifier_id: v.classifierId, classifier_version: v.classifierVersion, judge_model: v.judgeModel },
      history: [],
    };
  }
  return {
    id: trial.conditionId,
    epoch: trial.sample + 1,
    input,
    target: '',
    messages,
    output: {
      model,
      choices: lastAssistant ? [{ message: lastAssistant, stop_reason: STOP_REASONS[trial.status], logprobs: null }] : [],
      completion: lastAssistant && Array.isArray(lastAssistant.content) ? lastAssistant.content.map((c) => (c.type === 'text' ? c.text : '')).join('') : '',
      usage: modelUsage(trial.usage),
      time: trial.modelMs / 1000,
      metadata: null,
      error: null,
    },
    scores,
    metadata: { corrigible_trial_id: trial.id, model: trial.model, condition_id: trial.conditionId, sample: trial.sample, status: trial.status, attempt: trial.attempt, seed: trial.seed, spec: trial.spec, unscored },
    store: {},
    events: [],
    model_usage: { [model]: modelUsage(trial.usage) },
    role_usage: {},
    started_at: trial.startedAt,
    completed_at: new Date(Date.parse(trial.startedAt) + trial.durationMs).toISOString(),
    total_time: trial.durationMs / 1000,
    working_time: trial.modelMs / 1000,
    uuid: trial.id,
    error: trial.error ? { message: `${trial.error.kind}: ${trial.error.message}`, traceback: '', traceback_ansi: '' } : null,
    attachments: {},
    limit: null,
  };
}

/**
 * Builds Inspect eval logs (`.json`, version 2) for a stored run, one per model: eval spec, plan, results
 * (per score: the rate of `yes` among scored samples, with scored and unscored counts, from the classifier
 * the summary counts, named as the scorer), stats, and every
 * trial as a sample with its messages and scores. A sample is a condition (id) and a repeat (epoch).
 * @throws UnknownRunError when the run is not in the store.
 */
export async function buildInspectLogs(store: Store, runId: string, options: { now?: () => string } = {}): Promise<InspectLogFile[]> {
  const run = await store.getRun(runId);
  if (!run) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const config = RunConfigSchema.safeParse(run.config);
  const simulated = config.success ? config.data.simulatedModels : [];
  const agent = config.success ? (config.data.experiment.agent ?? {}) : {};
  const provenance = await store.provenance(runId);
  const chosen = chooseClassifiers(await store.runClassifiers(runId));
  const trials = await store.listTrials(runId);
  const models = [...new Set(trials.map((t) => t.model))];
  const now = (options.now ?? (() => new Date().toISOString()))();
  const files: InspectLogFile[] = [];
  for (const model of models) {
    const mine = trials.filter((t) => t.model === model);
    const verdicts = new Map<string, StoredVerdict[]>();
    for (const t of mine) verdicts.set(t.id, await store.listVerdicts(t.id));
    const samples = mine.map((t) => sample(t, verdicts.get(t.id) ?? [], chosen, inspectModel(model)));
    const scoreNames = [...new Set(mine.flatMap((t) => [...chosenVerdicts(verdicts.get(t.id) ?? [], chosen).keys()]))].sort();
    const results = scoreNames.map((name) => {
      const labels = { yes: 0, no: 0, unscored: 0 };
      let scorer = '';
      for (const t of mine) {
        const v = chosenVerdicts(verdicts.get(t.id) ?? [], chosen).get(name);
        if (v) {
          labels[v.label]++;
          scorer = v.classifierId;
        } else if (t.status !== 'error') labels.unscored++;
      }
      const [rate] = groupRates([{ model, conditionId: '*', trials: mine.length, errors: 0, labels }], () => name);
      const metric = (metricName: string, value: number | null) => (value === null ? [] : [[metricName, { name: metricName, value, params: {}, metadata: null }]] as const);
      return {
        name,
        scorer,
        reducer: null,
        scored_samples: rate?.n ?? 0,
        unscored_samples: labels.unscored,
        params: {},
        metrics: Object.fromEntries([...metric('rate', rate?.rate ?? null), ...metric('wilson_low', rate?.low ?? null), ...metric('wilson_high', rate?.high ?? null)]),
        metadata: null,
      };
    });
    const total = mine.reduce((sum, t) => addUsage(sum, t.usage), { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 });
    const started = mine.map((t) => t.startedAt).sort()[0] ?? run.createdAt;
    const completed = mine.map((t) => new Date(Date.parse(t.startedAt) + t.durationMs).toISOString()).sort().at(-1) ?? run.updatedAt;
    const evalId = hashOf({ run: runId, model }, 22);
    const task = `corrigible/${runId}`;
    const log = {
      version: 2,
      status: 'success',
      eval: {
        eval_id: evalId,
        run_id: runId,
        created: run.createdAt,
        task,
        task_id: hashOf({ run: runId }, 22),
        task_version: 0,
        task_display_name: runId,
        task_attribs: {},
        task_args: {},
        task_args_passed: {},
        solver: 'corrigible/agent-loop',
        solver_args: null,
        solver_args_passed: null,
        dataset: { name: runId, location: null, samples: samples.length, sample_ids: [...new Set(samples.map((s) => s.id))], shuffled: false },
        sandbox: null,
        model: inspectModel(model),
        model_generate_config: {},
        model_base_url: null,
        model_args: {},
        model_roles: null,
        config: { epochs: Math.max(0, ...samples.map((s) => s.epoch)) },
        revision: null,
        packages: { corrigible: CORRIGIBLE_VERSION },
        metadata: { corrigible: { run: runId, model, simulated: simulated.includes(model), provenance, exported_at: now } },
        scorers: scoreNames.map((name) => ({ name, options: {}, metrics: null, metadata: null })),
        metrics: null,
      },
      plan: { name: 'plan', steps: [{ solver: 'corrigible/agent-loop', params: agent, params_passed: {} }], finish: null, config: {} },
      results: { total_samples: samples.length, completed_samples: mine.filter((t) => t.status !== 'error').length, scores: results, metadata: null },
      stats: { started_at: started, completed_at: completed, model_usage: { [inspectModel(model)]: modelUsage(total) }, role_usage: {}, connection_limit_history: [] },
      error: null,
      invalidated: false,
      tags: simulated.includes(model) ? ['corrigible', 'simulated'] : ['corrigible'],
      metadata: {},
      samples,
    };
    const stamp = run.createdAt.replace(/[:.]/g, '-');
    files.push({ model, fileName: `${stamp}_${runId}-${model.replace(/[^A-Za-z0-9._-]+/g, '-')}_${evalId}.json`, log });
  }
  return files;
}
