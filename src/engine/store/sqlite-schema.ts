import type Database from 'better-sqlite3';
import { RESPONSE_CACHE_SQL } from './response-cache.js';

/** One schema step. `version` is what `PRAGMA user_version` reads once `sql` has run. */
interface Migration {
  version: number;
  sql: string;
}

/**
 * Ordered and append-only: a released migration is never edited, a later change (a new column, an index)
 * is a new entry, so every existing store file can be brought up to date in place.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        config_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        corrigible_version TEXT NOT NULL
      );

      CREATE TABLE trials (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id),
        model TEXT NOT NULL,
        condition_id TEXT NOT NULL,
        sample INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        spec_json TEXT NOT NULL,
        transcript_json TEXT NOT NULL,
        actions_json TEXT NOT NULL,
        usage_json TEXT NOT NULL,
        steps INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        model_ms REAL NOT NULL,
        error_json TEXT,
        saved_at TEXT NOT NULL,
        UNIQUE (run_id, model, condition_id, sample)
      );
      CREATE INDEX trials_run_status ON trials (run_id, status);

      CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        trial_id TEXT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
        behavior TEXT NOT NULL,
        mode TEXT NOT NULL,
        label TEXT NOT NULL,
        evidence_json TEXT NOT NULL,
        explanation TEXT NOT NULL,
        classifier_id TEXT NOT NULL,
        classifier_version TEXT NOT NULL,
        judge_model TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (trial_id, behavior, mode, classifier_id, classifier_version)
      );
      CREATE INDEX verdicts_behavior ON verdicts (behavior, mode, trial_id);

      -- One row per failed attempt. (key, attempt, at) is unique so that recording an error twice (when it is
      -- saved, and again when a retry replaces it) keeps a single entry.
      CREATE TABLE trial_errors (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id),
        model TEXT NOT NULL,
        condition_id TEXT NOT NULL,
        sample INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (run_id, model, condition_id, sample, attempt, at)
      );
    `,
  },
  {
    // #11: classifiers leave provenance on every verdict; counts select one classifier explicitly.
    version: 2,
    sql: `
      ALTER TABLE verdicts ADD COLUMN spec_json TEXT;
      ALTER TABLE verdicts ADD COLUMN judge_json TEXT;
      CREATE INDEX verdicts_classifier ON verdicts (behavior, mode, classifier_id, classifier_version);
    `,
  },
  {
    // #12 response cache: answers by content address, so a resumed trial replays its earlier steps free.
    // The table is also created on first use (CREATE IF NOT EXISTS) for stores already past version 3.
    version: 3,
    sql: RESPONSE_CACHE_SQL,
  },
  {
    // #14 import: where an imported trial came from, so verdicts join back to the source and a re-import
    // of the same file adds nothing. Additive: trials themselves are unchanged.
    version: 4,
    sql: `
      CREATE TABLE trial_sources (
        trial_id TEXT PRIMARY KEY REFERENCES trials(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL REFERENCES runs(id),
        format TEXT NOT NULL,
        source_id TEXT NOT NULL,
        source_file TEXT NOT NULL,
        source_line INTEGER,
        binding_id TEXT NOT NULL,
        -- The roles and world the binding gave this transcript, so it can be classified again without the file.
        roles_json TEXT NOT NULL,
        state_json TEXT NOT NULL,
        UNIQUE (run_id, format, source_id)
      );
    `,
  },
  {
    // #15: covering indexes for listings and counts on large runs (viewer, reports), so that counting and
    // paging read index pages only and never the trial rows with their transcripts. IF NOT EXISTS keeps the
    // step harmless if it is ever renumbered and applied to a store that already has the indexes.
    version: 5,
    sql: `
      CREATE INDEX IF NOT EXISTS trials_run_cell ON trials (run_id, model, condition_id, status, sample, id);
      CREATE INDEX IF NOT EXISTS verdicts_latest ON verdicts (trial_id, behavior, mode, created_at, id, label, judge_model);
    `,
  },
  {
    // #16 mitigation lab: generated training data (every example, kept or rejected, with what produced it)
    // and fine-tune jobs with the model id they returned.
    version: 6,
    sql: `
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE dataset_examples (
        dataset_id TEXT NOT NULL REFERENCES datasets(id),
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        messages_json TEXT NOT NULL,
        teacher TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        seed INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        reason TEXT,
        detail TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (dataset_id, idx)
      );

      CREATE TABLE finetune_jobs (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        dataset_id TEXT NOT NULL,
        base_model TEXT NOT NULL,
        file_id TEXT NOT NULL,
        status TEXT NOT NULL,
        fine_tuned_model TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    // Which classifiers a run holds, kept up to date by a trigger instead of grouping every verdict of the run
    // on each read: the viewer and report choose a classifier on every page, and on a 100,000-trial run the
    // GROUP BY took seconds. A covering index lets "trials with blackmail = yes by this classifier" and the
    // tallies read index pages only. Verdicts are append-only and only trials in error (which have none) are
    // ever deleted, so the counts never need decrementing.
    version: 8,
    sql: `
      CREATE TABLE run_classifiers (
        run_id TEXT NOT NULL,
        behavior TEXT NOT NULL,
        mode TEXT NOT NULL,
        classifier_id TEXT NOT NULL,
        classifier_version TEXT NOT NULL,
        judge_model TEXT,
        verdicts INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        last_id INTEGER NOT NULL,
        PRIMARY KEY (run_id, behavior, mode, classifier_id, classifier_version)
      );
      INSERT INTO run_classifiers (run_id, behavior, mode, classifier_id, classifier_version, judge_model, verdicts, last_at, last_id)
        SELECT t.run_id, v.behavior, v.mode, v.classifier_id, v.classifier_version, MAX(v.judge_model), COUNT(*), MAX(v.created_at), MAX(v.id)
        FROM verdicts v JOIN trials t ON t.id = v.trial_id
        GROUP BY t.run_id, v.behavior, v.mode, v.classifier_id, v.classifier_version;
      CREATE TRIGGER verdicts_run_classifiers AFTER INSERT ON verdicts BEGIN
        INSERT INTO run_classifiers (run_id, behavior, mode, classifier_id, classifier_version, judge_model, verdicts, last_at, last_id)
          SELECT t.run_id, NEW.behavior, NEW.mode, NEW.classifier_id, NEW.classifier_version, NEW.judge_model, 1, NEW.created_at, NEW.id
          FROM trials t WHERE t.id = NEW.trial_id
        ON CONFLICT (run_id, behavior, mode, classifier_id, classifier_version) DO UPDATE SET
          verdicts = verdicts + 1,
          judge_model = COALESCE(MAX(judge_model, excluded.judge_model), judge_model, excluded.judge_model),
          last_at = MAX(last_at, excluded.last_at),
          last_id = MAX(last_id, excluded.last_id);
      END;
      CREATE INDEX IF NOT EXISTS verdicts_choice ON verdicts (trial_id, behavior, mode, classifier_id, classifier_version, label, judge_model);
    `,
  },
  {
    // #12 cost: the judge's token usage beside its verdict, copied by a trigger out of judge_json (which holds
    // the whole exchange, prompt included), so a run's judge cost sums a few bytes per verdict instead of
    // parsing every judge prompt. Verdicts stored before usage was kept stay NULL: unknown, never zero.
    // The insert statements are unchanged, so a read-only handle on an older file still opens.
    version: 9,
    sql: `
      ALTER TABLE verdicts ADD COLUMN judge_usage_json TEXT;
      UPDATE verdicts SET judge_usage_json = json_extract(judge_json, '$.usage')
        WHERE judge_json IS NOT NULL AND json_type(judge_json, '$.usage') = 'object';
      CREATE TRIGGER verdicts_judge_usage AFTER INSERT ON verdicts
        WHEN NEW.judge_json IS NOT NULL AND json_type(NEW.judge_json, '$.usage') = 'object'
      BEGIN
        UPDATE verdicts SET judge_usage_json = json_extract(NEW.judge_json, '$.usage') WHERE id = NEW.id;
      END;
      -- Covering and partial: summing a run's judge usage reads this small index, never the verdict rows.
      CREATE INDEX IF NOT EXISTS verdicts_judge_usage ON verdicts (trial_id, judge_model, judge_usage_json) WHERE judge_model IS NOT NULL;
    `,
  },
];

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Thrown by `migrate` when the file was written by a newer build; the caller turns it into a user error. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(readonly found: number) {
    super(`schema version ${found} is newer than this build understands (${SCHEMA_VERSION})`);
  }
}

function userVersion(db: Database.Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

/**
 * Brings the database to SCHEMA_VERSION (or to `target`, which only tests use to build a file as an older
 * build left it). Each step runs in an IMMEDIATE transaction that re-reads the version first, so two
 * processes opening a fresh file at once cannot both apply the same step.
 */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  for (const migration of MIGRATIONS) {
    if (migration.version > target) break;
    db.transaction(() => {
      const current = userVersion(db);
      if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the value is a number from the constant list above.
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  const final = userVersion(db);
  if (final > SCHEMA_VERSION) throw new SchemaTooNewError(final);
}
