import { abortableSleep } from '../../../core/abortable-sleep.js';
import { ConfigError, CorrigibleError } from '../../../core/errors.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../runner/retry.js';
import type { LabStore } from '../lab-store.js';
import { createOpenAIFinetuneClient, createTogetherFinetuneClient, type FinetuneClient, type FinetuneJob } from './finetune-client.js';

/** The fine-tuning job ended without a model (failed or cancelled on the provider's side). */
export class FinetuneJobFailedError extends CorrigibleError {
  readonly code = 'finetune-failed';
  constructor(
    readonly job: FinetuneJob,
    provider: string,
  ) {
    super(`fine-tuning job ${job.id} on ${provider} ended with status ${job.providerStatus}${job.error ? `: ${job.error}` : ''}`, {
      hint: 'read the job on the provider\'s dashboard; fix the data or settings and submit again',
    });
  }
}

/** Polling gave up before the job finished; the job goes on at the provider and can be polled again. */
export class FinetunePollTimeoutError extends CorrigibleError {
  readonly code = 'finetune-timeout';
  constructor(readonly job: FinetuneJob, provider: string) {
    super(`fine-tuning job ${job.id} on ${provider} is still ${job.providerStatus}`, { hint: `poll it again later with: corrigible finetune --provider ${provider} --job ${job.id}` });
  }
}

/** The fine-tuning hosts corrigible can submit to, with where their keys come from. */
export const FINETUNE_PROVIDERS = {
  openai: { keyEnv: 'OPENAI_API_KEY', baseURL: 'https://api.openai.com/v1', create: createOpenAIFinetuneClient },
  together: { keyEnv: 'TOGETHER_API_KEY', baseURL: 'https://api.together.xyz/v1', create: createTogetherFinetuneClient },
} as const;
export type FinetuneProviderName = keyof typeof FINETUNE_PROVIDERS;

/** A client for `provider`, its key read from the environment (never from a file or a flag). */
export function finetuneClientFor(
  provider: string,
  options: { env?: Readonly<Record<string, string | undefined>>; baseURL?: string | undefined; fetch?: typeof globalThis.fetch; retry?: Partial<RetryPolicy>; signal?: AbortSignal },
): FinetuneClient {
  if (!(provider in FINETUNE_PROVIDERS)) throw new ConfigError('--provider', `unknown fine-tuning provider "${provider}"; available: ${Object.keys(FINETUNE_PROVIDERS).join(', ')}`);
  const spec = FINETUNE_PROVIDERS[provider as FinetuneProviderName];
  const apiKey = (options.env ?? process.env)[spec.keyEnv];
  if (!apiKey) throw new ConfigError('--provider', `${provider} fine-tuning needs an API key: the environment variable ${spec.keyEnv} is not set`, { hint: `export ${spec.keyEnv}=… (keys are read from the environment only)` });
  return spec.create({
    baseURL: options.baseURL ?? spec.baseURL,
    apiKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retry: { ...defaultRetryPolicy, ...options.retry },
    signal: options.signal,
  });
}

export interface FinetuneRunOptions {
  client: FinetuneClient;
  /** The training file (OpenAI chat JSONL), and the dataset it came from. */
  jsonl: string;
  datasetId: string;
  baseModel: string;
  suffix?: string;
  epochs?: number;
  /** Poll an already submitted job instead of uploading and creating one. */
  jobId?: string;
  store?: LabStore;
  pollIntervalMs?: number;
  /** Give up polling after this long (the job goes on at the provider). */
  maxWaitMs?: number;
  signal?: AbortSignal;
  now?: () => string;
  onUpdate?: (job: FinetuneJob) => void;
}

export interface FinetuneRunResult {
  job: FinetuneJob;
  fileId: string;
  fineTunedModel: string;
  /** The id to put in an experiment's `mitigation.models[].model` to evaluate it as an arm. */
  evaluationModelId: string;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Uploads the training file, creates the job and polls it until it ends, recording each state in the lab
 * store. Returns the fine-tuned model id, ready to be evaluated as a model arm.
 */
export async function runFinetune(options: FinetuneRunOptions): Promise<FinetuneRunResult> {
  const { client } = options;
  const now = options.now ?? (() => new Date().toISOString());
  let fileId = '(existing job)';
  let job: FinetuneJob;
  if (options.jobId) job = await client.getJob(options.jobId);
  else {
    fileId = await client.uploadFile(`${options.datasetId}.jsonl`, options.jsonl);
    job = await client.createJob({ baseModel: options.baseModel, trainingFile: fileId, suffix: options.suffix, epochs: options.epochs });
  }
  const createdAt = now();
  const record = (j: FinetuneJob) => {
    options.store?.saveJob({ id: j.id, provider: client.provider, datasetId: options.datasetId, baseModel: options.baseModel, fileId, status: j.providerStatus, fineTunedModel: j.fineTunedModel, createdAt, updatedAt: now() });
    options.onUpdate?.(j);
  };
  record(job);
  const started = Date.now();
  const maxWait = options.maxWaitMs ?? 6 * 3600_000;
  while (!FINAL.has(job.state)) {
    if (Date.now() - started > maxWait) throw new FinetunePollTimeoutError(job, client.provider);
    await abortableSleep(options.pollIntervalMs ?? 30_000, options.signal);
    job = await client.getJob(job.id);
    record(job);
  }
  if (job.state !== 'succeeded' || !job.fineTunedModel) throw new FinetuneJobFailedError(job, client.provider);
  return { job, fileId, fineTunedModel: job.fineTunedModel, evaluationModelId: client.evaluationModelId(job.fineTunedModel) };
}
