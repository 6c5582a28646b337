import { z } from 'zod';
import { callApi, type FinetuneHttpOptions } from './finetune-http.js';

/** A job's state in our words; each API's own spelling is mapped onto these. */
export type FinetuneState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface FinetuneJob {
  id: string;
  state: FinetuneState;
  /** The provider's own status word, for messages. */
  providerStatus: string;
  /** The model to evaluate once the job succeeded. */
  fineTunedModel: string | null;
  error: string | null;
}

export interface CreateJobInput {
  baseModel: string;
  trainingFile: string;
  suffix?: string | undefined;
  epochs?: number | undefined;
}

/** The three calls a fine-tune round trip needs. */
export interface FinetuneClient {
  readonly provider: string;
  uploadFile(fileName: string, jsonl: string): Promise<string>;
  createJob(input: CreateJobInput): Promise<FinetuneJob>;
  getJob(id: string): Promise<FinetuneJob>;
  /** The model entry (provider:model and base URL) under which the fine-tuned model is evaluated. */
  evaluationModelId(fineTunedModel: string): string;
}

const FileSchema = z.looseObject({ id: z.string().min(1) });

const OpenAIJobSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled']),
  fine_tuned_model: z.string().nullable(),
  error: z.looseObject({ message: z.string().optional() }).nullable().optional(),
});

const OPENAI_STATE: Record<z.infer<typeof OpenAIJobSchema>['status'], FinetuneState> = {
  validating_files: 'queued',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

function fileForm(fields: Record<string, string>, fileName: string, jsonl: string): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), fileName);
  return form;
}

/** OpenAI's fine-tuning API: `POST /files` (purpose fine-tune), `POST /fine_tuning/jobs`, `GET /fine_tuning/jobs/{id}`. */
export function createOpenAIFinetuneClient(http: FinetuneHttpOptions): FinetuneClient {
  const toJob = (j: z.infer<typeof OpenAIJobSchema>): FinetuneJob => ({
    id: j.id,
    state: OPENAI_STATE[j.status],
    providerStatus: j.status,
    fineTunedModel: j.fine_tuned_model,
    error: j.error?.message ?? null,
  });
  return {
    provider: 'openai',
    async uploadFile(fileName, jsonl) {
      return (await callApi(http, 'POST', '/files', FileSchema, fileForm({ purpose: 'fine-tune' }, fileName, jsonl))).id;
    },
    async createJob(input) {
      const body = {
        model: input.baseModel,
        training_file: input.trainingFile,
        ...(input.suffix ? { suffix: input.suffix } : {}),
        ...(input.epochs ? { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: input.epochs } } } } : {}),
      };
      return toJob(await callApi(http, 'POST', '/fine_tuning/jobs', OpenAIJobSchema, body));
    },
    async getJob(id) {
      return toJob(await callApi(http, 'GET', `/fine_tuning/jobs/${encodeURIComponent(id)}`, OpenAIJobSchema));
    },
    evaluationModelId: (model) => `openai:${model}`,
  };
}

const TogetherJobSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  model_output_name: z.string().nullable().optional(),
});

const TOGETHER_STATE: Record<string, FinetuneState> = {
  pending: 'queued',
  queued: 'queued',
  running: 'running',
  compressing: 'running',
  uploading: 'running',
  completed: 'succeeded',
  error: 'failed',
  failed: 'failed',
  cancel_requested: 'cancelled',
  cancelled: 'cancelled',
  user_error: 'failed',
};

/**
 * Together AI, an OpenAI-style open-model host: `POST /files/upload`, `POST /fine-tunes`,
 * `GET /fine-tunes/{id}`. The result is served on its OpenAI-compatible endpoint.
 */
export function createTogetherFinetuneClient(http: FinetuneHttpOptions): FinetuneClient {
  const toJob = (j: z.infer<typeof TogetherJobSchema>): FinetuneJob => {
    const state = TOGETHER_STATE[j.status];
    return {
      id: j.id,
      // An unknown status word is reported, not guessed: polling goes on until a known final state.
      state: state ?? 'running',
      providerStatus: j.status,
      fineTunedModel: state === 'succeeded' ? (j.model_output_name ?? null) : null,
      error: state === 'failed' ? `job ended with status ${j.status}` : null,
    };
  };
  return {
    provider: 'together',
    async uploadFile(fileName, jsonl) {
      return (await callApi(http, 'POST', '/files/upload', FileSchema, fileForm({ purpose: 'fine-tune', file_name: fileName }, fileName, jsonl))).id;
    },
    async createJob(input) {
      const body = {
        model: input.baseModel,
        training_file: input.trainingFile,
        ...(input.suffix ? { suffix: input.suffix } : {}),
        ...(input.epochs ? { n_epochs: input.epochs } : {}),
      };
      return toJob(await callApi(http, 'POST', '/fine-tunes', TogetherJobSchema, body));
    },
    async getJob(id) {
      return toJob(await callApi(http, 'GET', `/fine-tunes/${encodeURIComponent(id)}`, TogetherJobSchema));
    },
    evaluationModelId: (model) => `openai-compatible:${model}`,
  };
}
