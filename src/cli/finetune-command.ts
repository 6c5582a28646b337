import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { exportDataset } from '../engine/mitigate/export/export-dataset.js';
import { finetuneClientFor, runFinetune } from '../engine/mitigate/finetune/run-finetune.js';
import { LabStore } from '../engine/mitigate/lab-store.js';

export interface FinetuneCommandOptions {
  provider: string;
  dataset?: string | undefined;
  baseModel: string;
  suffix?: string | undefined;
  epochs?: string | undefined;
  job?: string | undefined;
  baseUrl?: string | undefined;
  pollSeconds: string;
  db: string;
  json?: boolean | undefined;
}

/**
 * `corrigible finetune`: uploads a dataset's OpenAI-format JSONL, creates the job, polls it and prints the
 * fine-tuned model id with the experiment snippet that evaluates it as a model arm.
 */
export async function finetuneCommand(options: FinetuneCommandOptions): Promise<number> {
  if (!options.dataset && !options.job) throw new ConfigError('--dataset', 'name the dataset to train on (or --job to poll a submitted job)');
  if (!existsSync(options.db)) throw new ConfigError('--db', `no store at "${options.db}"`, { hint: 'pass --db with the path datagen used' });
  const epochs = options.epochs === undefined ? undefined : Number(options.epochs);
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) throw new ConfigError('--epochs', `"${options.epochs ?? ''}" is not a positive whole number`);
  const poll = Number(options.pollSeconds);
  if (!(poll > 0)) throw new ConfigError('--poll-seconds', `"${options.pollSeconds}" is not a positive number`);
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort(new Error('interrupted by user'));
  };
  const client = finetuneClientFor(options.provider, { baseURL: options.baseUrl, signal: controller.signal });
  const store = LabStore.open(options.db);
  process.on('SIGINT', onSigint);
  try {
    const datasetId = options.dataset ?? '(existing job)';
    let jsonl = '';
    if (options.dataset) {
      const exported = exportDataset(store, options.dataset, { outDir: mkdtempSync(join(tmpdir(), 'corrigible-ft-')) });
      jsonl = readFileSync(exported.files.openai, 'utf8');
    }
    const result = await runFinetune({
      client,
      jsonl,
      datasetId,
      baseModel: options.baseModel,
      store,
      pollIntervalMs: poll * 1000,
      signal: controller.signal,
      ...(options.suffix ? { suffix: options.suffix } : {}),
      ...(epochs ? { epochs } : {}),
      ...(options.job ? { jobId: options.job } : {}),
      onUpdate: (job) => {
        if (!options.json) process.stderr.write(`job ${job.id}: ${job.providerStatus}\n`);
      },
    });
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`fine-tuned model: ${result.fineTunedModel}`);
      const entry =
        client.provider === 'together'
          ? `\n      model:\n        id: ${result.evaluationModelId}\n        baseURL: https://api.together.xyz/v1\n        apiKeyEnv: TOGETHER_API_KEY`
          : ` ${result.evaluationModelId}`;
      console.log(`evaluate it as an arm in your experiment config:\n\nmitigation:\n  models:\n    - base: <the base model's id in models>\n      model:${entry}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}
