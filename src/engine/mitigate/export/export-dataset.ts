import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../core/errors.js';
import type { LabStore } from '../lab-store.js';
import type { ChatMessage } from '../training-example.js';
import { HfChatLineSchema, OpenAIChatLineSchema } from './chat-formats.js';
import { datasetCard, datasetStats, type DatasetStats } from './dataset-card.js';
import { axolotlRecipe, trlRecipe } from './recipes.js';

/** OpenAI needs at least this many examples to start a fine-tuning job. */
export const OPENAI_MIN_EXAMPLES = 10;

export interface ExportOptions {
  /** Folder to write into (created if missing). */
  outDir: string;
  /** Base model named in the TRL / Axolotl recipes (a Hugging Face id). */
  recipeBaseModel?: string;
  epochs?: number;
}

export interface ExportResult {
  files: { openai: string; hf: string; card: string; trl: string; axolotl: string };
  stats: DatasetStats;
  warnings: string[];
}

/** One JSONL line, checked against the published format it claims to follow. */
function line(schema: typeof OpenAIChatLineSchema | typeof HfChatLineSchema, messages: readonly ChatMessage[], where: string): string {
  const parsed = schema.safeParse({ messages });
  if (!parsed.success) throw new Error(`export: ${where} does not fit the format: ${parsed.error.issues[0]?.message ?? ''}`);
  return JSON.stringify(parsed.data);
}

/**
 * Writes a dataset's accepted examples as chat JSONL for OpenAI fine-tuning and for Hugging Face trainers
 * (each line validated against its format), a dataset card, and ready TRL / Axolotl recipes.
 */
export function exportDataset(store: LabStore, datasetId: string, options: ExportOptions): ExportResult {
  const dataset = store.getDataset(datasetId);
  if (!dataset) {
    throw new ConfigError('dataset', `no dataset named "${datasetId}" in this store; available: ${store.listDatasets().map((d) => d.id).join(', ') || '(none)'}`);
  }
  const examples = store.listExamples(datasetId);
  const accepted = examples.filter((e) => e.status === 'accepted');
  mkdirSync(join(options.outDir, 'recipes'), { recursive: true });
  const files = {
    openai: join(options.outDir, 'train.openai.jsonl'),
    hf: join(options.outDir, 'train.hf.jsonl'),
    card: join(options.outDir, 'README.md'),
    trl: join(options.outDir, 'recipes', 'trl_sft.py'),
    axolotl: join(options.outDir, 'recipes', 'axolotl.yaml'),
  };
  const openai = accepted.map((e) => line(OpenAIChatLineSchema, e.messages, `example ${e.index}`));
  const hf = accepted.map((e) => line(HfChatLineSchema, e.messages, `example ${e.index}`));
  writeFileSync(files.openai, openai.map((l) => `${l}\n`).join(''));
  writeFileSync(files.hf, hf.map((l) => `${l}\n`).join(''));
  const stats = datasetStats(examples);
  writeFileSync(files.card, datasetCard(dataset, stats, ['train.openai.jsonl', 'train.hf.jsonl', 'recipes/trl_sft.py', 'recipes/axolotl.yaml']));
  const recipe = { baseModel: options.recipeBaseModel ?? 'Qwen/Qwen2.5-7B-Instruct', trainFile: 'train.hf.jsonl', outputDir: `${datasetId}-sft`, epochs: options.epochs ?? 2 };
  writeFileSync(files.trl, trlRecipe(recipe));
  writeFileSync(files.axolotl, axolotlRecipe(recipe));
  const warnings = accepted.length < OPENAI_MIN_EXAMPLES ? [`only ${accepted.length} example(s): OpenAI fine-tuning needs at least ${OPENAI_MIN_EXAMPLES}`] : [];
  if (stats.errors > 0) warnings.push(`${stats.errors} teacher failure(s) not retried yet; re-run datagen with the same name to retry them`);
  return { files, stats, warnings };
}
