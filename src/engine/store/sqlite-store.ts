import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { TrialRecordSchema, TrialStatusSchema } from '../../core/trial.js';
import type { TrialRecord } from '../../core/trial.js';
import { VerdictSchema } from '../../core/verdict.js';
import type { Behavior, Verdict } from '../../core/verdict.js';
import { chooseClassifiers } from './choose-classifier.js';
import { migrate, SchemaTooNewError, SCHEMA_VERSION } from './sqlite-schema.js';
import { SqliteResponseCache, type ResponseCache } from './response-cache.js';
import {
  DuplicateTrialError,
  InvalidRecordError,
  RunNotFoundError,
  StoreClosedError,
  StoreOpenError,
  TrialNotFoundError,
} from './store-errors.js';
import { trialKeyString } from './store.js';
import type {
  ImportBatchResult,
  ImportedTrial,
  OutcomeCounts,
  RunClassifier,
  RunProvenance,
  RunRecord,
  Store,
  StoredVerdict,
  TrialFilter,
  TrialIndexEntry,
  TrialSource,
  VerdictSelection,
} from './store.js';
import {
  COUNT_COLUMNS,
  ClassifierRowSchema,
  ErrorHistoryEntrySchema,
  OutcomeCountsSchema,
  RUN_SELECT,
  RunClassifierSchema,
  RunRecordSchema,
  SpecVersionSchema,
  TRIAL_COLUMNS,
  TRIAL_SELECT,
  TrialIndexEntrySchema,
  TrialSourceSchema,
  VERDICT_SELECT,
  decodeRun,
  decodeTrial,
  decodeVerdict,
  errorMessage,
  historyMessage,
  parseJsonColumn,
  validateColumn,
  validateInput,
  validateRow,
  verdictRow,
} from './sqlite-rows.js';
import type { Row } from './sqlite-rows.js';
import { SummaryQueries } from './sqlite-summaries.js';
import { queryTrialWarnings } from './sqlite-warnings.js';
import { queryRunUsage } from './sqlite-usage.js';
import type { RunUsage, TrialPage, TrialSummaryFilter, TrialWarnings, VerdictTally } from './store.js';

/** Options of openSqliteStore. */
export interface SqliteStoreOptions {
  /** Clock for `saved_at`, verdict `createdAt` and error-history times (ISO-8601); tests pin it. */
  now?: () => string;
  /**
   * Open an existing file for reading only (`--dry-run`, `summary`): no folder, table, migration or WAL
   * switch is ever written, so a foreign SQLite file is left exactly as it was.
   */
  readOnly?: boolean;
}

interface SaveArgs {
  trial: TrialRecord;
  verdicts: readonly Verdict[];
  at: string;
}

/**
 * The SQLite implementation of Store: one file, WAL journal, every write in one transaction, every read
 * validated. better-sqlite3 is synchronous; the async methods only satisfy the backend-neutral interface.
 */
export class SqliteStore implements Store {
  private readonly now: () => string;
  private readonly statements;
  private readonly saveTransaction;
  private readonly appendTransaction;
  private readonly summaries: SummaryQueries;

  /** Use openSqliteStore: it sets the pragmas and migrates the schema before this runs. */
  constructor(
    private readonly db: Database.Database,
    /** The path the store was opened with, for messages. */
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.statements = {
      upsertRun: db.prepare<{ id: string; config: string; createdAt: string; updatedAt: string; version: string }>(
        `INSERT INTO runs (id, config_json, created_at, updated_at, corrigible_version)
         VALUES (@id, @config, @createdAt, @updatedAt, @version)
         ON CONFLICT (id) DO UPDATE SET config_json = excluded.config_json, updated_at = excluded.updated_at`,
      ),
      getRun: db.prepare<[string], Row>(`${RUN_SELECT} WHERE id = ?`),
      listRuns: db.prepare<[], Row>(`${RUN_SELECT} ORDER BY created_at, id`),
      runExists: db.prepare<[string], Row>('SELECT 1 AS found FROM runs WHERE id = ?'),
      trialIndex: db.prepare<[string], Row>(
        'SELECT id, model, condition_id, sample, status, attempt, spec_json FROM trials WHERE run_id = ?',
      ),
      trialByKey: db.prepare<[string, string, string, number], Row>(
        'SELECT id, status, attempt, error_json, saved_at FROM trials WHERE run_id = ? AND model = ? AND condition_id = ? AND sample = ?',
      ),
      trialKeyById: db.prepare<[string], Row>('SELECT id, run_id, model, condition_id, sample FROM trials WHERE id = ?'),
      getTrial: db.prepare<[string], Row>(`${TRIAL_SELECT} WHERE id = ?`),
      listTrials: db.prepare<{ runId: string; model: string | null; conditionId: string | null; status: string | null }, Row>(
        `${TRIAL_SELECT} WHERE run_id = @runId
           AND (@model IS NULL OR model = @model)
           AND (@conditionId IS NULL OR condition_id = @conditionId)
           AND (@status IS NULL OR status = @status)
         ORDER BY model, condition_id, sample`,
      ),
      deleteTrial: db.prepare<[string]>('DELETE FROM trials WHERE id = ?'),
      insertTrial: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO trials (id, run_id, model, condition_id, sample, status, attempt, seed, spec_json, transcript_json,
           actions_json, usage_json, steps, started_at, duration_ms, model_ms, error_json, saved_at)
         VALUES (@id, @runId, @model, @conditionId, @sample, @status, @attempt, @seed, @spec, @transcript,
           @actions, @usage, @steps, @startedAt, @durationMs, @modelMs, @error, @savedAt)`,
      ),
      insertVerdict: db.prepare<Record<string, string | null>>(
        `INSERT INTO verdicts (trial_id, behavior, mode, label, evidence_json, explanation, classifier_id,
           classifier_version, judge_model, created_at, spec_json, judge_json)
         VALUES (@trialId, @behavior, @mode, @label, @evidence, @explanation, @classifierId, @classifierVersion,
           @judgeModel, @createdAt, @spec, @judge)`,
      ),
      // Append-only: a verdict already stored for the same classifier version is kept as it is.
      appendVerdict: db.prepare<Record<string, string | null>>(
        `INSERT OR IGNORE INTO verdicts (trial_id, behavior, mode, label, evidence_json, explanation, classifier_id,
           classifier_version, judge_model, created_at, spec_json, judge_json)
         VALUES (@trialId, @behavior, @mode, @label, @evidence, @explanation, @classifierId, @classifierVersion,
           @judgeModel, @createdAt, @spec, @judge)`,
      ),
      runClassifiers: db.prepare<[string], Row>(
        // Kept by a trigger on verdicts (migration 8): reading it never scans the run's verdicts.
        `SELECT behavior, mode, classifier_id AS id, classifier_version AS version, judge_model AS judgeModel,
           verdicts, last_at AS lastAt, last_id AS lastId
         FROM run_classifiers WHERE run_id = ?
         ORDER BY lastAt, lastId`,
      ),
      listVerdicts: db.prepare<[string], Row>(`${VERDICT_SELECT} WHERE trial_id = ? ORDER BY id`),
      insertError: db.prepare<[string, string, string, number, number, string, string]>(
        `INSERT OR IGNORE INTO trial_errors (run_id, model, condition_id, sample, attempt, message, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      errorHistory: db.prepare<[string, string, string, number], Row>(
        `SELECT id, attempt, message, at FROM trial_errors
         WHERE run_id = ? AND model = ? AND condition_id = ? AND sample = ? ORDER BY at, id`,
      ),
      // One classifier per rate: the selected (or most recently stored) id and version, never a mix. The
      // unique key on verdicts guarantees at most one verdict per trial for it, so each trial counts once.
      countOutcomes: db.prepare<{ runId: string; behavior: string; mode: string; classifierId: string | null; classifierVersion: string | null }, Row>(
        // The classifier stored last is read from run_classifiers (kept by a trigger), not by sorting every
        // verdict of the run: on a 100,000-trial run that sort took seconds per rate.
        `WITH chosen AS (
           SELECT classifier_id AS cid, classifier_version AS cver
           FROM run_classifiers
           WHERE run_id = @runId AND behavior = @behavior AND mode = @mode
             AND (@classifierId IS NULL OR classifier_id = @classifierId)
             AND (@classifierVersion IS NULL OR classifier_version = @classifierVersion)
           ORDER BY last_at DESC, last_id DESC LIMIT 1)
         SELECT t.model AS model, t.condition_id AS conditionId, COUNT(*) AS trials,
           SUM(CASE WHEN t.status = 'error' THEN 1 ELSE 0 END) AS errors,
           SUM(CASE WHEN t.status <> 'error' AND v.label = 'yes' THEN 1 ELSE 0 END) AS yes,
           SUM(CASE WHEN t.status <> 'error' AND v.label = 'no' THEN 1 ELSE 0 END) AS no,
           SUM(CASE WHEN t.status <> 'error' AND (v.label IS NULL OR v.label NOT IN ('yes', 'no')) THEN 1 ELSE 0 END) AS unscored
         FROM trials t
         LEFT JOIN verdicts v ON v.trial_id = t.id AND v.behavior = @behavior AND v.mode = @mode
           AND v.classifier_id = (SELECT cid FROM chosen) AND v.classifier_version = (SELECT cver FROM chosen)
         WHERE t.run_id = @runId
         GROUP BY t.model, t.condition_id
         ORDER BY t.model, t.condition_id`,
      ),
      specVersions: db.prepare<[string], Row>(
        `SELECT DISTINCT json_extract(spec_json, '$.scenarioId') AS id, json_extract(spec_json, '$.scenarioVersion') AS version,
           json_extract(spec_json, '$.corrigibleVersion') AS corrigibleVersion
         FROM trials WHERE run_id = ? ORDER BY id, version, corrigibleVersion`,
      ),
      classifiers: db.prepare<[string], Row>(
        `SELECT DISTINCT v.behavior AS behavior, v.classifier_id AS id, v.classifier_version AS version, v.judge_model AS judgeModel
         FROM verdicts v JOIN trials t ON t.id = v.trial_id WHERE t.run_id = ? ORDER BY behavior, id, version, judgeModel`,
      ),
    };
    this.saveTransaction = db.transaction((args: SaveArgs) => {
      this.writeTrial(args);
    });
    this.appendTransaction = db.transaction((trialId: string, verdicts: readonly Verdict[], at: string) => {
      if (this.statements.trialKeyById.get(trialId) === undefined) throw new TrialNotFoundError(trialId);
      let added = 0;
      for (const verdict of verdicts) added += this.statements.appendVerdict.run(verdictRow(trialId, verdict, at)).changes;
      return added;
    });
    this.summaries = new SummaryQueries(db);
  }

  saveRun(run: RunRecord): Promise<void> {
    return this.use(() => {
      const valid = validateInput(RunRecordSchema, run, 'run');
      const config = JSON.stringify(valid.config) as string | undefined;
      if (config === undefined) throw new InvalidRecordError('run', 'config', 'is not JSON-serializable');
      this.statements.upsertRun.run({
        id: valid.id,
        config,
        createdAt: valid.createdAt,
        updatedAt: valid.updatedAt,
        version: valid.corrigibleVersion,
      });
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.use(() => {
      const row = this.statements.getRun.get(id);
      return row === undefined ? undefined : decodeRun(row);
    });
  }

  listRuns(): Promise<RunRecord[]> {
    return this.use(() => this.statements.listRuns.all().map(decodeRun));
  }

  trialIndex(runId: string): Promise<Map<string, TrialIndexEntry>> {
    return this.use(() => {
      const index = new Map<string, TrialIndexEntry>();
      for (const row of this.statements.trialIndex.all(runId)) {
        const entry = validateRow(
          TrialIndexEntrySchema,
          {
            id: row.id,
            model: row.model,
            conditionId: row.condition_id,
            sample: row.sample,
            status: row.status,
            attempt: row.attempt,
            spec: parseJsonColumn('trials', row, 'spec_json'),
          },
          'trials',
          row,
          TRIAL_COLUMNS,
        );
        index.set(trialKeyString(entry.model, entry.conditionId, entry.sample), {
          id: entry.id,
          status: entry.status,
          attempt: entry.attempt,
          spec: entry.spec,
        });
      }
      return index;
    });
  }

  saveTrial(trial: TrialRecord, verdicts: readonly Verdict[]): Promise<void> {
    return this.use(() => {
      // Validate everything before the transaction starts, so a bad record writes nothing at all.
      const validTrial = validateInput(TrialRecordSchema, trial, 'trial');
      const validVerdicts = verdicts.map((v, i) => validateInput(VerdictSchema, v, 'verdict', `verdicts[${i}]`));
      const seen = new Set<string>();
      validVerdicts.forEach((v, i) => {
        const key = `${v.behavior}\u0000${v.mode}\u0000${v.classifierId}\u0000${v.classifierVersion}`;
        if (seen.has(key)) {
          throw new InvalidRecordError(
            'verdict',
            `verdicts[${i}]`,
            `a second ${v.mode} verdict for "${v.behavior}" by ${v.classifierId}@${v.classifierVersion}`,
          );
        }
        seen.add(key);
      });
      // IMMEDIATE takes the write lock up front, so the existence check and the write cannot interleave
      // with another process resuming the same run.
      this.saveTransaction.immediate({ trial: validTrial, verdicts: validVerdicts, at: this.now() });
    });
  }

  getTrial(id: string): Promise<TrialRecord | undefined> {
    return this.use(() => {
      const row = this.statements.getTrial.get(id);
      return row === undefined ? undefined : decodeTrial(row);
    });
  }

  listTrials(runId: string, filter: TrialFilter = {}): Promise<TrialRecord[]> {
    return this.use(() =>
      this.statements.listTrials
        .all({
          runId,
          model: filter.model ?? null,
          conditionId: filter.conditionId ?? null,
          status: filter.status ?? null,
        })
        .map(decodeTrial),
    );
  }

  listVerdicts(trialId: string): Promise<StoredVerdict[]> {
    return this.use(() => this.statements.listVerdicts.all(trialId).map(decodeVerdict));
  }

  /** Includes the current attempt when the stored trial is itself in error. */
  errorHistory(
    runId: string,
    model: string,
    conditionId: string,
    sample: number,
  ): Promise<{ attempt: number; message: string; at: string }[]> {
    return this.use(() =>
      this.statements.errorHistory
        .all(runId, model, conditionId, sample)
        .map((row) => validateRow(ErrorHistoryEntrySchema, row, 'trial_errors', row, {})),
    );
  }

  /** Labels come from one classifier's verdicts (see VerdictSelection); a trial without one is unscored. */
  countOutcomes(runId: string, behavior: Behavior, selection: VerdictSelection = {}): Promise<OutcomeCounts[]> {
    return this.use(() =>
      this.statements.countOutcomes
        .all({
          runId,
          behavior,
          mode: selection.mode ?? 'acted',
          classifierId: selection.classifierId ?? null,
          classifierVersion: selection.classifierVersion ?? null,
        })
        .map((row) =>
          validateRow(
            OutcomeCountsSchema,
            {
              model: row.model,
              conditionId: row.conditionId,
              trials: row.trials,
              errors: row.errors,
              labels: { yes: row.yes, no: row.no, unscored: row.unscored },
            },
            'trials',
            { id: `${String(row.model)} / ${String(row.conditionId)}` },
            COUNT_COLUMNS,
          ),
        ),
    );
  }

  saveVerdicts(trialId: string, verdicts: readonly Verdict[]): Promise<number> {
    return this.use(() => {
      const valid = verdicts.map((v, i) => validateInput(VerdictSchema, v, 'verdict', `verdicts[${i}]`));
      return this.appendTransaction.immediate(trialId, valid, this.now());
    });
  }

  runClassifiers(runId: string): Promise<RunClassifier[]> {
    return this.use(() => this.readRunClassifiers(runId));
  }

  provenance(runId: string): Promise<RunProvenance> {
    return this.use(() => {
      const specs = this.statements.specVersions.all(runId).map((row) => validateRow(SpecVersionSchema, row, 'trials', { id: runId }, {}));
      const unique = (values: string[]) => [...new Set(values)];
      return {
        scenarios: unique(specs.map((s) => `${s.id}\u0000${s.version}`)).map((key) => {
          const [id = '', version = ''] = key.split('\u0000');
          return { id, version };
        }),
        classifiers: this.statements.classifiers.all(runId).map((row) => validateRow(ClassifierRowSchema, row, 'verdicts', { id: runId }, {})),
        corrigibleVersions: unique(specs.map((s) => s.corrigibleVersion)),
      };
    });
  }

  saveImportedTrials(runId: string, batch: readonly ImportedTrial[]): Promise<ImportBatchResult> {
    return this.use(() => {
      // Validate the whole batch before the transaction, so one bad record writes nothing of its file.
      const valid = batch.map((item, i) => {
        const trial = validateInput(TrialRecordSchema, item.trial, 'trial', `batch[${i}].trial`);
        if (trial.runId !== runId) throw new InvalidRecordError('trial', `batch[${i}].trial.runId`, `"${trial.runId}" is not the run "${runId}" being imported into`);
        return {
          trial,
          verdicts: item.verdicts.map((v, j) => validateInput(VerdictSchema, v, 'verdict', `batch[${i}].verdicts[${j}]`)),
          source: validateInput(TrialSourceSchema, item.source, 'trial', `batch[${i}].source`),
        };
      });
      return this.importStatements().save.immediate({ runId, items: valid, at: this.now() });
    });
  }

  listTrialSources(runId: string): Promise<Map<string, TrialSource>> {
    return this.use(() => {
      const sources = new Map<string, TrialSource>();
      for (const row of this.importStatements().list.all(runId)) {
        const source = validateRow(
          TrialSourceSchema,
          {
            format: row.format,
            sourceId: row.source_id,
            file: row.source_file,
            line: row.source_line,
            bindingId: row.binding_id,
            roles: parseJsonColumn('trial_sources', { ...row, id: row.trial_id }, 'roles_json'),
            state: parseJsonColumn('trial_sources', { ...row, id: row.trial_id }, 'state_json'),
          },
          'trial_sources',
          { id: row.trial_id },
          { sourceId: 'source_id', file: 'source_file', line: 'source_line', bindingId: 'binding_id', roles: 'roles_json', state: 'state_json' },
        );
        sources.set(String(row.trial_id), source);
      }
      return sources;
    });
  }

  private cache: SqliteResponseCache | undefined;

  /** The response cache in this store's file (#12): earlier steps of a resumed trial are replayed from it. */
  responseCache(): ResponseCache {
    this.cache ??= new SqliteResponseCache(this.db, this.now);
    return this.cache;
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  /** Pages are at most 500 trials; the default is 50. */
  listTrialSummaries(runId: string, filter: TrialSummaryFilter = {}, page: { offset?: number; limit?: number } = {}): Promise<TrialPage> {
    const offset = Math.max(0, Math.floor(page.offset ?? 0));
    const limit = Math.min(500, Math.max(1, Math.floor(page.limit ?? 50)));
    return this.use(() => this.summaries.listPage(runId, filter, offset, limit, this.chosenClassifiers(runId)));
  }

  verdictTallies(runId: string): Promise<VerdictTally[]> {
    return this.use(() => this.summaries.verdictTallies(runId, this.chosenClassifiers(runId)));
  }

  listTrialWarnings(runId: string): Promise<TrialWarnings[]> {
    return this.use(() => queryTrialWarnings(this.db, runId));
  }

  runUsage(runId: string): Promise<RunUsage> {
    return this.use(() => queryRunUsage(this.db, runId));
  }

  /** Per behavior and mode, the classifier the rates count: listings and tallies show the same one. */
  private chosenClassifiers(runId: string): RunClassifier[] {
    return chooseClassifiers(this.readRunClassifiers(runId));
  }

  private readRunClassifiers(runId: string): RunClassifier[] {
    return this.statements.runClassifiers.all(runId).map((row) => {
      const { lastId: _lastId, ...rest } = row;
      return validateRow(RunClassifierSchema, rest, 'verdicts', { id: runId }, {});
    });
  }

  /** Runs a synchronous body as a promise, so that every failure surfaces as a rejection. */
  private use<T>(body: () => T): Promise<T> {
    return new Promise<T>((resolvePromise) => {
      if (!this.db.open) throw new StoreClosedError(this.path);
      resolvePromise(body());
    });
  }

  private writeTrial({ trial, verdicts, at }: SaveArgs): void {
    const s = this.statements;
    const { runId, model, conditionId, sample } = trial;
    if (s.runExists.get(runId) === undefined) throw new RunNotFoundError(runId);

    const existing = s.trialByKey.get(runId, model, conditionId, sample);
    if (existing !== undefined) {
      const status = validateColumn(TrialStatusSchema, existing.status, 'trials', existing, 'status');
      if (status !== 'error') {
        throw new DuplicateTrialError(runId, model, conditionId, sample, `already stored with status "${status}"; a finished trial is never overwritten`);
      }
      const oldError = validateColumn(
        TrialRecordSchema.shape.error,
        parseJsonColumn('trials', existing, 'error_json'),
        'trials',
        existing,
        'error_json',
      );
      const oldAttempt = validateColumn(TrialRecordSchema.shape.attempt, existing.attempt, 'trials', existing, 'attempt');
      const savedAt = validateColumn(z.string(), existing.saved_at, 'trials', existing, 'saved_at');
      s.insertError.run(runId, model, conditionId, sample, oldAttempt, historyMessage(oldError), savedAt);
      s.deleteTrial.run(String(existing.id));
    }

    const other = s.trialKeyById.get(trial.id);
    if (other !== undefined) {
      throw new DuplicateTrialError(
        runId,
        model,
        conditionId,
        sample,
        `its id "${trial.id}" is already used by ${String(other.model)} / ${String(other.condition_id)} / sample ${String(other.sample)} of run "${String(other.run_id)}"`,
      );
    }

    s.insertTrial.run({
      id: trial.id,
      runId,
      model,
      conditionId,
      sample,
      status: trial.status,
      attempt: trial.attempt,
      seed: trial.seed,
      spec: JSON.stringify(trial.spec),
      transcript: JSON.stringify(trial.transcript),
      actions: JSON.stringify(trial.actions),
      usage: JSON.stringify(trial.usage),
      steps: trial.steps,
      startedAt: trial.startedAt,
      durationMs: trial.durationMs,
      modelMs: trial.modelMs,
      error: trial.error === null ? null : JSON.stringify(trial.error),
      savedAt: at,
    });
    for (const verdict of verdicts) s.insertVerdict.run(verdictRow(trial.id, verdict, at));
    if (trial.status === 'error') {
      s.insertError.run(runId, model, conditionId, sample, trial.attempt, historyMessage(trial.error), at);
    }
  }

  private importCache: ReturnType<SqliteStore['prepareImport']> | undefined;

  /** Statements of the import tables (migration 4), prepared on first use. */
  private importStatements(): ReturnType<SqliteStore['prepareImport']> {
    this.importCache ??= this.prepareImport();
    return this.importCache;
  }

  private prepareImport() {
    const db = this.db;
    const find = db.prepare<[string, string, string], Row>('SELECT trial_id FROM trial_sources WHERE run_id = ? AND format = ? AND source_id = ?');
    const insert = db.prepare<[string, string, string, string, string, number | null, string, string, string]>(
      `INSERT INTO trial_sources (trial_id, run_id, format, source_id, source_file, source_line, binding_id, roles_json, state_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const list = db.prepare<[string], Row>(
      `SELECT trial_id, format, source_id, source_file, source_line, binding_id, roles_json, state_json FROM trial_sources
       WHERE run_id = ? ORDER BY source_file, source_line, source_id`,
    );
    const save = db.transaction(
      (args: { runId: string; items: { trial: TrialRecord; verdicts: Verdict[]; source: TrialSource }[]; at: string }): ImportBatchResult => {
        const result: ImportBatchResult = { added: [], skipped: [] };
        for (const { trial, verdicts, source } of args.items) {
          if (find.get(args.runId, source.format, source.sourceId) !== undefined) {
            result.skipped.push(source.sourceId);
            continue;
          }
          this.writeTrial({ trial, verdicts, at: args.at });
          insert.run(
            trial.id,
            args.runId,
            source.format,
            source.sourceId,
            source.file,
            source.line,
            source.bindingId,
            JSON.stringify(source.roles),
            JSON.stringify(source.state),
          );
          result.added.push(trial.id);
        }
        return result;
      },
    );
    return { list, save };
  }
}

/**
 * mkdirSync(dir, { recursive: true }) spins forever on Node 20 under a parent where mkdir reports ENOENT
 * (e.g. /proc), so the missing folders are created one by one instead, from the outermost.
 */
/** Creates the missing folders of `dir`, returning those it created (outermost first). */
function ensureDirectory(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (error) {
      // Another process creating the same folder at the same moment is fine.
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
        removeFolders(created);
        throw error;
      }
    }
  }
  return created;
}

/** Removes folders this process created for a store it then could not open (only if still empty). */
function removeFolders(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty or already gone: leave it.
    }
  }
}

function openProblem(error: unknown): { problem: string; hint: string } {
  if (error instanceof SchemaTooNewError) {
    return {
      problem: `it was written by a newer Corrigible (schema version ${error.found}; this build reads up to ${SCHEMA_VERSION})`,
      hint: 'Upgrade Corrigible, or point the run at another store file.',
    };
  }
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return {
      problem: 'the file is not a SQLite database (or is damaged)',
      hint: 'Point the run at a new file or at a store Corrigible created; the existing file was left untouched.',
    };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return { problem: 'the database is locked by another process', hint: 'Wait for the other Corrigible process to finish, then retry.' };
  }
  if (code?.startsWith('SQLITE_CANTOPEN') === true || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return {
      problem: `${errorMessage(error)} (${code})`,
      hint: 'Check that the path names a file (not a directory) in a folder you may write to.',
    };
  }
  return { problem: errorMessage(error), hint: 'Check the path, or point the run at a new store file.' };
}

/**
 * Opens (creating when absent) the SQLite store at `path`; `:memory:` gives a private in-memory store.
 * Creates the parent directory, sets the pragmas and brings the schema up to date.
 * @throws StoreOpenError when the file cannot be opened, is not a SQLite database, or is too new.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (options.readOnly) return openReadOnly(path, options);
  let created: string[] = [];
  if (path !== ':memory:') {
    try {
      created = ensureDirectory(dirname(resolve(path)));
    } catch (error) {
      throw new StoreOpenError(path, `cannot create its directory (${errorMessage(error)})`, {
        hint: 'Choose a store path inside a folder you may write to.',
        cause: error,
      });
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    // A path too long for the file (or any other failure to create it) leaves no folders behind.
    removeFolders(created);
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
  try {
    // WAL + synchronous=NORMAL: a committed transaction survives a killed process (only an OS crash or
    // power loss can drop the last commits), and readers (the viewer) never block the runner.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Checkpoint every ~40 MB of WAL instead of every ~4 MB: each trial rewrites a few index pages, and
    // a page rewritten many times between checkpoints is copied back once (a third of a trial's write CPU).
    // Commits are as durable as before; the WAL file is removed on close as before.
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db);
    return new SqliteStore(db, path, options);
  } catch (error) {
    db.close();
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
}

function openReadOnly(path: string, options: SqliteStoreOptions): SqliteStore {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      throw new StoreOpenError(path, 'it holds no Corrigible tables (nothing was written to it)', { hint: 'pass --db with the store your run used' });
    }
    return new SqliteStore(db, path, options);
  } catch (error) {
    db.close();
    if (error instanceof StoreOpenError) throw error;
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
}
