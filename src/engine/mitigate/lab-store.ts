import Database from 'better-sqlite3';
import { z } from 'zod';
import { openSqliteStore } from '../store/sqlite-store.js';
import { StoreCorruptError } from '../store/store-errors.js';
import { ChatMessageSchema, TrainingExampleSchema, type TrainingExample } from './training-example.js';

/** A dataset as stored: its name is its id, so re-running the same datagen command resumes it. */
export interface DatasetRecord {
  id: string;
  kind: string;
  /** The generation spec (kind, teacher, seed, budget, generator version…); compared on resume. */
  spec: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A fine-tune job as submitted, with the model id it produced once it succeeded. */
export interface FinetuneJobRecord {
  id: string;
  provider: string;
  datasetId: string;
  baseModel: string;
  fileId: string;
  status: string;
  fineTunedModel: string | null;
  createdAt: string;
  updatedAt: string;
}

const DatasetRowSchema = z.object({ id: z.string(), kind: z.string(), spec_json: z.string(), created_at: z.string(), updated_at: z.string() });
const ExampleRowSchema = z.object({
  dataset_id: z.string(),
  idx: z.number().int(),
  kind: z.string(),
  status: z.string(),
  messages_json: z.string(),
  teacher: z.string(),
  prompt_version: z.string(),
  seed: z.number().int(),
  tokens: z.number().int(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  created_at: z.string(),
});
const JobRowSchema = z.object({
  id: z.string(),
  provider: z.string(),
  dataset_id: z.string(),
  base_model: z.string(),
  file_id: z.string(),
  status: z.string(),
  fine_tuned_model: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

function parseJson(table: string, rowId: string, field: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreCorruptError(table, rowId, field, 'not valid JSON', { cause: error });
  }
}

function checked<T>(schema: z.ZodType<T>, table: string, rowId: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreCorruptError(table, rowId, issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/**
 * The mitigation lab's tables in the run store's SQLite file (schema migration 6): datasets, their
 * examples and fine-tune jobs. Opened through openSqliteStore first, so the file gets the same checks,
 * pragmas and migrations as a run store.
 */
export class LabStore {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): LabStore {
    // Creates the folder, checks the file and applies every migration, with the run store's error messages.
    const runStore = openSqliteStore(path);
    void runStore.close();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return new LabStore(db);
  }

  saveDataset(dataset: DatasetRecord): void {
    this.db
      .prepare(
        `INSERT INTO datasets (id, kind, spec_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET spec_json = excluded.spec_json, updated_at = excluded.updated_at`,
      )
      .run(dataset.id, dataset.kind, JSON.stringify(dataset.spec), dataset.createdAt, dataset.updatedAt);
  }

  getDataset(id: string): DatasetRecord | undefined {
    const row: unknown = this.db.prepare('SELECT id, kind, spec_json, created_at, updated_at FROM datasets WHERE id = ?').get(id);
    if (row === undefined) return undefined;
    const r = checked(DatasetRowSchema, 'datasets', id, row);
    const spec = checked(z.record(z.string(), z.unknown()), 'datasets', id, parseJson('datasets', id, 'spec_json', r.spec_json));
    return { id: r.id, kind: r.kind, spec, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  listDatasets(): DatasetRecord[] {
    const rows = this.db.prepare('SELECT id FROM datasets ORDER BY created_at, id').all() as { id: string }[];
    return rows.map((r) => this.getDataset(r.id)).filter((d): d is DatasetRecord => d !== undefined);
  }

  /**
   * Stores an example. An earlier `error` attempt or `budget` rejection at the same index is replaced (both
   * are decided again by a resumed run); any other stored example is kept.
   */
  saveExample(example: TrainingExample): void {
    const e = TrainingExampleSchema.parse(example);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM dataset_examples WHERE dataset_id = ? AND idx = ? AND (status = 'error' OR reason = 'budget')").run(e.datasetId, e.index);
      this.db
        .prepare(
          `INSERT INTO dataset_examples (dataset_id, idx, kind, status, messages_json, teacher, prompt_version, seed, tokens, reason, detail, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(e.datasetId, e.index, e.kind, e.status, JSON.stringify(e.messages), e.teacher, e.promptVersion, e.seed, e.tokens, e.reason, e.detail, e.createdAt);
    })();
  }

  /** Every stored example of a dataset, in generation order. */
  listExamples(datasetId: string): TrainingExample[] {
    const rows = this.db.prepare('SELECT * FROM dataset_examples WHERE dataset_id = ? ORDER BY idx').all(datasetId);
    return rows.map((row) => {
      const rowId = `${datasetId}#${String((row as { idx?: unknown }).idx)}`;
      const r = checked(ExampleRowSchema, 'dataset_examples', rowId, row);
      const messages = checked(z.array(ChatMessageSchema), 'dataset_examples', rowId, parseJson('dataset_examples', rowId, 'messages_json', r.messages_json));
      return checked(TrainingExampleSchema, 'dataset_examples', rowId, {
        datasetId: r.dataset_id,
        index: r.idx,
        kind: r.kind,
        status: r.status,
        messages,
        teacher: r.teacher,
        promptVersion: r.prompt_version,
        seed: r.seed,
        tokens: r.tokens,
        reason: r.reason,
        detail: r.detail,
        createdAt: r.created_at,
      });
    });
  }

  saveJob(job: FinetuneJobRecord): void {
    this.db
      .prepare(
        `INSERT INTO finetune_jobs (id, provider, dataset_id, base_model, file_id, status, fine_tuned_model, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, fine_tuned_model = excluded.fine_tuned_model, updated_at = excluded.updated_at`,
      )
      .run(job.id, job.provider, job.datasetId, job.baseModel, job.fileId, job.status, job.fineTunedModel, job.createdAt, job.updatedAt);
  }

  listJobs(): FinetuneJobRecord[] {
    const rows = this.db.prepare('SELECT * FROM finetune_jobs ORDER BY created_at, id').all();
    return rows.map((row) => {
      const r = checked(JobRowSchema, 'finetune_jobs', String((row as { id?: unknown }).id), row);
      return {
        id: r.id,
        provider: r.provider,
        datasetId: r.dataset_id,
        baseModel: r.base_model,
        fileId: r.file_id,
        status: r.status,
        fineTunedModel: r.fine_tuned_model,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  close(): void {
    this.db.close();
  }
}
