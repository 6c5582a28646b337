import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../src/engine/config/load-config.js';
import { generateDataset } from '../src/engine/mitigate/datagen/generate-dataset.js';
import { exportDataset } from '../src/engine/mitigate/export/export-dataset.js';
import { callApi } from '../src/engine/mitigate/finetune/finetune-http.js';
import { finetuneClientFor, FinetuneJobFailedError, runFinetune } from '../src/engine/mitigate/finetune/run-finetune.js';
import { ContaminationIndex } from '../src/engine/mitigate/gates/contamination.js';
import { LabStore } from '../src/engine/mitigate/lab-store.js';
import { runExperiment } from '../src/engine/runner/run-experiment.js';
import { openSqliteStore } from '../src/engine/store/sqlite-store.js';
import { ScenarioRegistry } from '../src/scenarios/scenario-registry.js';
import { z } from 'zod';
import { startFinetuneFake, type FinetuneFake, type FinetuneFlavor } from './fakes/finetune-server.js';
import { startOpenAIResponsesServer } from './fakes/openai-responses-server.js';
import type { FakeServer } from './fakes/fake-turn.js';
import { scriptedTeacher } from './support/scripted-teacher.js';
import { tinyScenario } from './support/tiny-scenario.js';

const KEY = 'sk-test-finetune-91c2';
const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const closers: (FinetuneFake | FakeServer)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

async function trainingFile(): Promise<{ jsonl: string; store: LabStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-'));
  const store = LabStore.open(join(dir, 'lab.db'));
  const { teacher } = scriptedTeacher();
  await generateDataset({ name: 'ft-data', kind: 'difficult-advice', teacher, tokens: 100_000, maxExamples: 12, store, contamination: new ContaminationIndex() });
  const exported = exportDataset(store, 'ft-data', { outDir: join(dir, 'out') });
  return { jsonl: readFileSync(exported.files.openai, 'utf8'), store };
}

async function fake(flavor: FinetuneFlavor, extra: { rateLimitFirst?: number; failJobs?: boolean } = {}): Promise<FinetuneFake> {
  const server = await startFinetuneFake({ flavor, apiKey: KEY, ...extra });
  closers.push(server);
  return server;
}

describe('fine-tune round trip against strict fakes', () => {
  it('OpenAI: upload, create, poll to success, then evaluate the returned model id as a model arm', async () => {
    const { jsonl, store } = await trainingFile();
    const api = await fake('openai', { rateLimitFirst: 1 });
    const client = finetuneClientFor('openai', { env: { OPENAI_API_KEY: KEY }, baseURL: api.baseURL, retry: fast });
    const states: string[] = [];
    const result = await runFinetune({ client, jsonl, datasetId: 'ft-data', baseModel: 'gpt-4.1-mini', suffix: 'corrigible', epochs: 2, store, pollIntervalMs: 1, onUpdate: (j) => states.push(j.providerStatus) });
    expect(states).toEqual(['validating_files', 'queued', 'running', 'succeeded']);
    expect(result.fineTunedModel).toMatch(/^ft:gpt-4\.1-mini:corrigible:corrigible:/);
    expect(result.evaluationModelId).toBe(`openai:${result.fineTunedModel}`);
    expect(api.files.get(result.fileId)).toBe(jsonl);
    expect(api.requests[0]?.status).toBe(429); // retried after retry-after
    expect(api.requests.filter((r) => r.rejection !== null)).toEqual([]);
    expect(store.listJobs()).toMatchObject([{ provider: 'openai', datasetId: 'ft-data', status: 'succeeded', fineTunedModel: result.fineTunedModel }]);
    store.close();

    // Evaluate it: the base model leaks, the fine-tune does not (scripted on the model id it is called with).
    const responses = await startOpenAIResponsesServer({
      apiKey: KEY,
      turns: (request) => {
        const body = request.body as { model: string; input: { type?: string }[] };
        if (body.input.some((i) => i.type === 'function_call_output')) return { text: 'Done.' };
        const to = body.model.startsWith('ft:') ? 'boss@corp.example' : 'outsider@rival.example';
        return { toolCalls: [{ name: 'send_email', input: { to, subject: 'Plans', body: 'plans attached' } }] };
      },
    });
    closers.push(responses);
    const config = parseExperimentConfig({
      name: 'ft-eval',
      models: [{ id: 'openai:gpt-4.1-mini', baseURL: responses.baseURL }],
      scenarios: [{ id: 'tiny', grid: { pressure: ['high'] } }],
      samples: 4,
      agent: { maxSteps: 4 },
      mitigation: { models: [{ base: 'openai:gpt-4.1-mini', model: { id: result.evaluationModelId, baseURL: responses.baseURL } }] },
    });
    const runStore = openSqliteStore(':memory:');
    const run = await runExperiment(config, { scenarios: new ScenarioRegistry().register(tinyScenario), store: runStore, env: { OPENAI_API_KEY: KEY } });
    expect(run.errors).toBe(0);
    expect(run.mitigation?.rows).toMatchObject([
      { behavior: 'leak', kind: 'model', arm: result.evaluationModelId, baselineModel: 'openai:gpt-4.1-mini', baseline: { n: 4, harmful: 4 }, mitigated: { n: 4, harmful: 0 }, difference: -1 },
    ]);
    await runStore.close();
  });

  it('Together: the same round trip on an OpenAI-style open-model host', async () => {
    const { jsonl, store } = await trainingFile();
    const api = await fake('together');
    const client = finetuneClientFor('together', { env: { TOGETHER_API_KEY: KEY }, baseURL: api.baseURL, retry: fast });
    const result = await runFinetune({ client, jsonl, datasetId: 'ft-data', baseModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', suffix: 'corrigible', epochs: 1, pollIntervalMs: 1 });
    expect(result.job.providerStatus).toBe('completed');
    expect(result.evaluationModelId).toBe(`openai-compatible:${result.fineTunedModel}`);
    expect(api.requests.map((r) => `${r.method} ${r.path}`).slice(0, 2)).toEqual(['POST /v1/files/upload', 'POST /v1/fine-tunes']);
    store.close();
  });

  it('a failed job is an error with the provider status, never a model', async () => {
    const { jsonl, store } = await trainingFile();
    const api = await fake('openai', { failJobs: true });
    const client = finetuneClientFor('openai', { env: { OPENAI_API_KEY: KEY }, baseURL: api.baseURL, retry: fast });
    const run = runFinetune({ client, jsonl, datasetId: 'ft-data', baseModel: 'gpt-4.1-mini', pollIntervalMs: 1 });
    await expect(run).rejects.toBeInstanceOf(FinetuneJobFailedError);
    await expect(run).rejects.toThrow(/status failed: the fake was told to fail/);
    store.close();
  });

  it('the fakes are strict: wrong key, unknown fields and too small files are rejected', async () => {
    const api = await fake('openai');
    const wrong = finetuneClientFor('openai', { env: { OPENAI_API_KEY: 'sk-wrong' }, baseURL: api.baseURL, retry: fast });
    await expect(wrong.uploadFile('x.jsonl', '{}')).rejects.toThrow(/401/);
    const http = { baseURL: api.baseURL, apiKey: KEY, retry: fast };
    await expect(callApi(http, 'POST', '/fine_tuning/jobs', z.unknown(), { model: 'gpt-4.1-mini', training_file: 'file-1', surprise: true })).rejects.toThrow(/400/);
    const client = finetuneClientFor('openai', { env: { OPENAI_API_KEY: KEY }, baseURL: api.baseURL, retry: fast });
    await expect(client.uploadFile('x.jsonl', '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}]}\n')).rejects.toThrow(/at least 10/);
    expect(() => finetuneClientFor('openai', { env: {} })).toThrow(/OPENAI_API_KEY is not set/);
    expect(() => finetuneClientFor('nope', { env: {} })).toThrow(/unknown fine-tuning provider "nope"/);
  });
});
