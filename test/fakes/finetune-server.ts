/**
 * Strict fakes of two fine-tuning APIs on 127.0.0.1: OpenAI (`/v1/files`, `/v1/fine_tuning/jobs`) and
 * Together AI (`/v1/files/upload`, `/v1/fine-tunes`). They check what the real APIs check (bearer key,
 * routes, required fields, unknown fields, multipart uploads with purpose `fine-tune`, a chat JSONL file)
 * and move each job one state further on every poll, so a client's whole round trip runs offline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';

export type FinetuneFlavor = 'openai' | 'together';

export interface FinetuneFakeOptions {
  flavor: FinetuneFlavor;
  apiKey: string;
  /** The first N requests get 429 with `retry-after: 0`. */
  rateLimitFirst?: number;
  /** The first job ends `failed` instead of succeeding. */
  failJobs?: boolean;
}

export interface FinetuneFake {
  baseURL: string;
  /** Every request: method, path and the 4xx message when the fake rejected it. */
  requests: { method: string; path: string; status: number; rejection: string | null }[];
  /** Training files as uploaded, by file id. */
  files: Map<string, string>;
  close(): Promise<void>;
}

interface Job {
  id: string;
  model: string;
  trainingFile: string;
  suffix: string | null;
  step: number;
  fail: boolean;
  created: number;
}

const OPENAI_STEPS = ['validating_files', 'queued', 'running', 'succeeded'] as const;
const TOGETHER_STEPS = ['pending', 'queued', 'running', 'completed'] as const;

const OpenAICreateSchema = z.strictObject({
  model: z.string().min(1),
  training_file: z.string().min(1),
  suffix: z.string().max(64).optional(),
  validation_file: z.string().optional(),
  seed: z.number().int().optional(),
  method: z
    .strictObject({
      type: z.enum(['supervised', 'dpo', 'reinforcement']),
      supervised: z.strictObject({ hyperparameters: z.strictObject({ n_epochs: z.union([z.number().int().min(1).max(50), z.literal('auto')]).optional() }) }).optional(),
    })
    .optional(),
});

const TogetherCreateSchema = z.strictObject({
  model: z.string().min(1),
  training_file: z.string().min(1),
  suffix: z.string().max(64).optional(),
  n_epochs: z.number().int().min(1).optional(),
  learning_rate: z.number().optional(),
  batch_size: z.union([z.number().int(), z.literal('max')]).optional(),
  lora: z.boolean().optional(),
});

/** An independent check of a chat fine-tuning file: every line `{"messages":[{role, content}…]}`, ending with the assistant. */
const LineSchema = z.strictObject({
  messages: z
    .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1), weight: z.number().optional() }))
    .min(1)
    .refine((m) => m.at(-1)?.role === 'assistant', 'the last message must be from the assistant'),
});

class Rejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function errorBody(flavor: FinetuneFlavor, message: string, type: string) {
  return flavor === 'openai' ? { error: { message, type, param: null, code: null } } : { error: { message, type } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function formOf(req: IncomingMessage, raw: Buffer): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) throw new Rejection(400, 'uploads must be multipart/form-data');
  try {
    // The WHATWG parser is enough for a test fake (the lint rule warns about it for production servers).
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
  } catch {
    throw new Rejection(400, 'the multipart body could not be parsed');
  }
}

function jsonOf(req: IncomingMessage, raw: Buffer): unknown {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new Rejection(400, 'the body must be application/json');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new Rejection(400, 'the body is not valid JSON');
  }
}

function strict<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Rejection(400, `invalid request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function fileName(form: FormData): string {
  const file = form.get('file');
  return typeof file === 'object' && file !== null && 'name' in file ? file.name : 'file';
}

async function checkTrainingFile(form: FormData, minLines: number): Promise<string> {
  const file = form.get('file');
  if (!(file instanceof Blob)) throw new Rejection(400, 'missing the "file" part');
  const text = await file.text();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Rejection(400, `line ${i + 1} of the training file is not JSON`);
    }
    if (!LineSchema.safeParse(value).success) throw new Rejection(400, `line ${i + 1} of the training file is not a chat example`);
  });
  if (lines.length < minLines) throw new Rejection(400, `the training file has ${lines.length} examples; at least ${minLines} are required`);
  return text;
}

/** Starts a strict fine-tuning fake of `flavor` on 127.0.0.1 (OS-assigned port). */
export async function startFinetuneFake(options: FinetuneFakeOptions): Promise<FinetuneFake> {
  const { flavor } = options;
  const requests: FinetuneFake['requests'] = [];
  const files = new Map<string, string>();
  const jobs = new Map<string, Job>();
  let counter = 0;
  let jobsCreated = 0;

  const jobBody = (job: Job) => {
    const steps = flavor === 'openai' ? OPENAI_STEPS : TOGETHER_STEPS;
    const done = job.step >= steps.length - 1;
    const status = done && job.fail ? (flavor === 'openai' ? 'failed' : 'error') : (steps[Math.min(job.step, steps.length - 1)] ?? 'queued');
    const succeeded = done && !job.fail;
    if (flavor === 'openai') {
      return {
        object: 'fine_tuning.job',
        id: job.id,
        model: job.model,
        created_at: job.created,
        finished_at: done ? job.created + 60 : null,
        fine_tuned_model: succeeded ? `ft:${job.model}:corrigible:${job.suffix ?? 'model'}:${job.id.slice(-6)}` : null,
        organization_id: 'org-fake',
        result_files: [],
        status,
        training_file: job.trainingFile,
        validation_file: null,
        trained_tokens: succeeded ? 1234 : null,
        error: done && job.fail ? { code: 'invalid_training_file', message: 'the fake was told to fail this job', param: null } : null,
        hyperparameters: { n_epochs: 'auto' },
        seed: 42,
      };
    }
    return {
      id: job.id,
      status,
      model: job.model,
      training_file: job.trainingFile,
      model_output_name: succeeded ? `corrigible/${job.model.split('/').pop() ?? 'model'}-${job.suffix ?? 'ft'}-${job.id.slice(-6)}` : null,
      created_at: new Date(job.created * 1000).toISOString(),
      events: [],
    };
  };

  const handle = async (req: IncomingMessage, raw: Buffer): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (options.rateLimitFirst && requests.length < options.rateLimitFirst) {
      return { status: 429, body: errorBody(flavor, 'Rate limit reached', 'rate_limit_exceeded'), headers: { 'retry-after': '0' } };
    }
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) throw new Rejection(401, 'Incorrect API key provided');
    if (flavor === 'openai' && req.method === 'POST' && path === '/v1/files') {
      const form = await formOf(req, raw);
      if (form.get('purpose') !== 'fine-tune') throw new Rejection(400, 'purpose must be "fine-tune"');
      const known = new Set(['purpose', 'file']);
      for (const key of form.keys()) if (!known.has(key)) throw new Rejection(400, `unknown parameter: ${key}`);
      const id = `file-${String(++counter).padStart(6, '0')}`;
      files.set(id, await checkTrainingFile(form, 10));
      return { status: 200, body: { object: 'file', id, purpose: 'fine-tune', filename: fileName(form), bytes: files.get(id)?.length ?? 0, created_at: 1_700_000_000, status: 'processed' } };
    }
    if (flavor === 'together' && req.method === 'POST' && path === '/v1/files/upload') {
      const form = await formOf(req, raw);
      if (form.get('purpose') !== 'fine-tune') throw new Rejection(400, 'purpose must be "fine-tune"');
      if (typeof form.get('file_name') !== 'string') throw new Rejection(400, 'missing file_name');
      const known = new Set(['purpose', 'file', 'file_name']);
      for (const key of form.keys()) if (!known.has(key)) throw new Rejection(400, `unknown parameter: ${key}`);
      const id = `file-${String(++counter).padStart(6, '0')}`;
      files.set(id, await checkTrainingFile(form, 1));
      return { status: 200, body: { id, object: 'file', filename: form.get('file_name'), purpose: 'fine-tune', bytes: files.get(id)?.length ?? 0 } };
    }
    const createPath = flavor === 'openai' ? '/v1/fine_tuning/jobs' : '/v1/fine-tunes';
    if (req.method === 'POST' && path === createPath) {
      const input = flavor === 'openai' ? strict(OpenAICreateSchema, jsonOf(req, raw)) : strict(TogetherCreateSchema, jsonOf(req, raw));
      if (!files.has(input.training_file)) throw new Rejection(400, `training file ${input.training_file} does not exist`);
      const id = `${flavor === 'openai' ? 'ftjob' : 'ft'}-${String(++counter).padStart(8, '0')}`;
      const job: Job = { id, model: input.model, trainingFile: input.training_file, suffix: input.suffix ?? null, step: 0, fail: (options.failJobs ?? false) && jobsCreated === 0, created: 1_700_000_000 + counter };
      jobsCreated++;
      jobs.set(id, job);
      return { status: 200, body: jobBody(job) };
    }
    if (req.method === 'GET' && path.startsWith(`${createPath}/`)) {
      const job = jobs.get(decodeURIComponent(path.slice(createPath.length + 1)));
      if (!job) throw new Rejection(404, 'no such job');
      job.step++;
      return { status: 200, body: jobBody(job) };
    }
    throw new Rejection(404, `unknown route ${req.method ?? ''} ${path}`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '').split('?')[0] ?? '';
      let status = 200;
      let rejection: string | null = null;
      let body: unknown;
      let headers: Record<string, string> = {};
      try {
        const answer = await handle(req, raw);
        ({ status, body } = answer);
        headers = answer.headers ?? {};
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        status = error.status;
        rejection = error.message;
        body = errorBody(flavor, error.message, status === 401 ? 'invalid_api_key' : 'invalid_request_error');
      }
      requests.push({ method: req.method ?? '', path, status, rejection });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    })();
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    files,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
