import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { collectGoodTrials } from '../engine/mitigate/datagen/collect-good-trials.js';
import { generateDataset, type DatagenResult } from '../engine/mitigate/datagen/generate-dataset.js';
import { exportDataset } from '../engine/mitigate/export/export-dataset.js';
import { ContaminationIndex } from '../engine/mitigate/gates/contamination.js';
import { createLlmTextJudge, TEXT_JUDGE_VERSION } from '../engine/mitigate/gates/llm-text-judge.js';
import { defaultRetryPolicy } from '../engine/runner/retry.js';
import { LabStore } from '../engine/mitigate/lab-store.js';
import { createDefaultMitigationRegistry } from '../engine/mitigate/prompt/prompt-mitigation.js';
import { DatagenKindSchema } from '../engine/mitigate/training-example.js';
import { DEFAULT_STORE_PATH } from '../engine/runner/run-experiment.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import { ModelEntrySchema } from '../providers/model-entry.js';
import { createDefaultScenarioRegistry } from '../scenarios/default-registry.js';
import { EXIT_INTERRUPTED, EXIT_WITH_ERRORS } from './run-command.js';

export interface DatagenCommandOptions {
  teacher: string;
  tokens: string;
  name?: string | undefined;
  seed: string;
  principles?: string | undefined;
  fromRun?: string | undefined;
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
  judge?: string | undefined;
  concurrency: string;
  db: string;
  out?: string | undefined;
  json?: boolean | undefined;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(flag, `"${value}" is not a whole number`);
  return n;
}

function describe(result: DatagenResult): string {
  const r = result.rejected;
  return [
    `dataset "${result.datasetId}": ${result.accepted} examples, ${result.tokens} of ${result.budget} tokens (stopped: ${result.stoppedBy})`,
    `  rejected: ${r.misaligned} misaligned, ${r.contaminated} contaminated, ${r.duplicate} duplicate, ${r.malformed} malformed, ${r.budget} over budget`,
    ...(result.errors > 0 ? [`  teacher errors: ${result.errors} (not examples; re-run the same command to retry them)`] : []),
  ].join('\n');
}

/** `corrigible datagen <kind>`: generates (or resumes) a gated training dataset with a teacher model. */
export async function datagenCommand(kindArg: string, options: DatagenCommandOptions): Promise<number> {
  const kind = DatagenKindSchema.safeParse(kindArg);
  if (!kind.success) throw new ConfigError('<kind>', `"${kindArg}" is not a generator; expected one of: ${DatagenKindSchema.options.join(', ')}`);
  const tokens = positiveInt(options.tokens, '--tokens');
  if (tokens === 0) throw new ConfigError('--tokens', 'the budget must be above 0');
  const scenarios = createDefaultScenarioRegistry();
  const entry = ModelEntrySchema.safeParse({ id: options.teacher, ...(options.baseUrl ? { baseURL: options.baseUrl } : {}), ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}) });
  if (!entry.success) {
    const issue = entry.error.issues[0];
    const flag = { id: '--teacher', baseURL: '--base-url', apiKeyEnv: '--api-key-env' }[String(issue?.path[0] ?? 'id')] ?? '--teacher';
    throw new ConfigError(flag, issue?.message ?? 'invalid');
  }
  const providers = createDefaultProviderRegistry(scenarios);
  const teacher = providers.resolve(entry.data, { field: '--teacher' });
  if (teacher.provider === 'sim') {
    throw new ConfigError('--teacher', `${teacher.id} is a simulated agent that plays scenarios; it cannot write training text`, { hint: 'use a real model, or scripted:<file> to try the pipeline' });
  }
  const judgeModel = options.judge ? providers.resolve({ id: options.judge }, { field: '--judge' }) : undefined;
  let principles: string | undefined;
  if (options.principles) {
    if (!existsSync(options.principles)) throw new ConfigError('--principles', `no file at "${options.principles}"`);
    principles = readFileSync(options.principles, 'utf8');
  }
  let goodTrials;
  if (options.fromRun) {
    if (!existsSync(options.db)) throw new ConfigError('--db', `no store at "${options.db}"`, { hint: 'pass --db with the path your run used' });
    const runStore = openSqliteStore(options.db);
    try {
      goodTrials = await collectGoodTrials(runStore, options.fromRun, scenarios);
    } finally {
      await runStore.close();
    }
  }
  // Every evaluation prompt a model could be tested on: all scenarios, toggles and variants, plus our mitigation texts.
  const contamination = ContaminationIndex.fromScenarios(scenarios, createDefaultMitigationRegistry().list().map((m) => m.text));
  const store = LabStore.open(options.db);
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort(new Error('interrupted by user'));
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await generateDataset({
      name: options.name ?? `${kind.data}-${options.seed}`,
      kind: kind.data,
      teacher,
      tokens,
      store,
      contamination,
      seed: positiveInt(options.seed, '--seed'),
      concurrency: Math.max(1, positiveInt(options.concurrency, '--concurrency')),
      signal: controller.signal,
      ...(principles === undefined ? {} : { principles }),
      ...(goodTrials ? { goodTrials } : {}),
      ...(judgeModel ? { judge: createLlmTextJudge(judgeModel, { retry: defaultRetryPolicy, timeoutMs: 120_000 }), judgeId: `${judgeModel.id} ${TEXT_JUDGE_VERSION}` } : {}),
    });
    const exported = options.out ? exportDataset(store, result.datasetId, { outDir: options.out }) : null;
    if (options.json) console.log(JSON.stringify({ ...result, export: exported }, null, 2));
    else {
      console.log(describe(result));
      if (exported) console.log(`  written: ${Object.values(exported.files).join(', ')}${exported.warnings.map((w) => `\n  warning: ${w}`).join('')}`);
      if (teacher.simulated) console.log(`NOTE: ${teacher.id} is not a real model; this dataset only exercises the pipeline.`);
    }
    if (result.stoppedBy === 'interrupted') return EXIT_INTERRUPTED;
    return result.stoppedBy === 'errors' ? EXIT_WITH_ERRORS : 0;
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}

/** `corrigible dataset export <name> --out <dir>`. */
export function datasetExportCommand(name: string, options: { out: string; db: string; baseModel?: string | undefined; json?: boolean | undefined }): number {
  if (!existsSync(options.db)) throw new ConfigError('--db', `no store at "${options.db}"`, { hint: `pass --db with the path datagen used (default ${DEFAULT_STORE_PATH})` });
  const store = LabStore.open(options.db);
  try {
    const result = exportDataset(store, name, { outDir: options.out, ...(options.baseModel ? { recipeBaseModel: options.baseModel } : {}) });
    console.log(options.json ? JSON.stringify(result, null, 2) : `${result.stats.accepted} examples, ${result.stats.tokens} tokens → ${Object.values(result.files).join(', ')}${result.warnings.map((w) => `\nwarning: ${w}`).join('')}`);
    return 0;
  } finally {
    store.close();
  }
}

/** `corrigible dataset list`. */
export function datasetListCommand(options: { db: string }): number {
  if (!existsSync(options.db)) throw new ConfigError('--db', `no store at "${options.db}"`);
  const store = LabStore.open(options.db);
  try {
    for (const d of store.listDatasets()) {
      const examples = store.listExamples(d.id);
      const accepted = examples.filter((e) => e.status === 'accepted');
      console.log(`${d.id}  ${d.kind}  ${accepted.length} examples  ${accepted.reduce((s, e) => s + e.tokens, 0)} tokens  ${examples.length - accepted.length} not kept`);
    }
    return 0;
  } finally {
    store.close();
  }
}
