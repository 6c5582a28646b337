import type Database from 'better-sqlite3';
import { TrialRecordSchema } from '../../core/trial.js';
import type { TrialRecord } from '../../core/trial.js';
import { VerdictSchema } from '../../core/verdict.js';
import type { Behavior, Verdict } from '../../core/verdict.js';
import { chooseClassifiers } from './choose-classifier.js';
import { decodeTrialSource, prepareImportStatements, type ImportStatements } from './import-statements.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteResponseCache, type ResponseCache } from './response-cache.js';
import { InvalidRecordError, StoreClosedError, TrialNotFoundError } from './store-errors.js';
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
  RunClassifierSchema,
  RunRecordSchema,
  SpecVersionSchema,
  TRIAL_COLUMNS,
  TrialIndexEntrySchema,
  TrialSourceSchema,
  decodeRun,
  decodeTrial,
  decodeVerdict,
  parseJsonColumn,
  validateInput,
  validateRow,
  verdictRow,
} from './sqlite-rows.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { SummaryQueries } from './sqlite-summaries.js';
import { queryTrialWarnings } from './sqlite-warnings.js';
import { queryRunUsage } from './sqlite-usage.js';
import type { RunUsage, TrialPage, TrialSummaryFilter, TrialWarnings, VerdictTally } from './store.js';
import { writeTrial, type TrialWrite } from './write-trial.js';

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

/**
 * The SQLite implementation of Store: one file, WAL journal, every write in one transaction, every read
 * validated. better-sqlite3 is synchronous; the async methods only satisfy the backend-neutral interface.
 */
export class SqliteStore implements Store {
  private readonly now: () => string;
  private readonly statements: SqliteStatements;
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
    this.statements = prepareStatements(db);
    this.saveTransaction = db.transaction((args: TrialWrite) => {
      writeTrial(this.statements, args);
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
        sources.set(String(row.trial_id), decodeTrialSource(row));
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

  private importCache: ImportStatements | undefined;

  /** Statements of the import tables (migration 4), prepared on first use. */
  private importStatements(): ImportStatements {
    this.importCache ??= prepareImportStatements(this.db, this.statements);
    return this.importCache;
  }
}

/**
 * Opens (creating when absent) the SQLite store at `path`; `:memory:` gives a private in-memory store.
 * Creates the parent directory, sets the pragmas and brings the schema up to date.
 * @throws StoreOpenError when the file cannot be opened, is not a SQLite database, or is too new.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  return openSqliteDatabase(path, options.readOnly === true, (db) => new SqliteStore(db, path, options));
}
