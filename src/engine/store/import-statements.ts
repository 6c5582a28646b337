import type Database from 'better-sqlite3';
import type { TrialRecord } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import { TrialSourceSchema, parseJsonColumn, validateRow, type Row } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { ImportBatchResult, TrialSource } from './store.js';
import { writeTrial } from './write-trial.js';

/** A validated batch of imported trials, each with the source it came from. */
interface ImportBatch {
  runId: string;
  items: { trial: TrialRecord; verdicts: Verdict[]; source: TrialSource }[];
  at: string;
}

/** The statements of the import tables (migration 4). */
export interface ImportStatements {
  /** A run's trial sources, in file order. */
  list: Database.Statement<[string], Row>;
  /** Writes the batch's trials not imported before (by format and source id) with their sources. */
  save: Database.Transaction<(args: ImportBatch) => ImportBatchResult>;
}

/** Prepares the import statements on `db` (SqliteStore does so on first use); `save` writes through writeTrial. */
export function prepareImportStatements(db: Database.Database, statements: SqliteStatements): ImportStatements {
  const find = db.prepare<[string, string, string], Row>('SELECT trial_id FROM trial_sources WHERE run_id = ? AND format = ? AND source_id = ?');
  const insert = db.prepare<[string, string, string, string, string, number | null, string, string, string]>(
    `INSERT INTO trial_sources (trial_id, run_id, format, source_id, source_file, source_line, binding_id, roles_json, state_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const list = db.prepare<[string], Row>(
    `SELECT trial_id, format, source_id, source_file, source_line, binding_id, roles_json, state_json FROM trial_sources
     WHERE run_id = ? ORDER BY source_file, source_line, source_id`,
  );
  const save = db.transaction((args: ImportBatch): ImportBatchResult => {
    const result: ImportBatchResult = { added: [], skipped: [] };
    for (const { trial, verdicts, source } of args.items) {
      if (find.get(args.runId, source.format, source.sourceId) !== undefined) {
        result.skipped.push(source.sourceId);
        continue;
      }
      writeTrial(statements, { trial, verdicts, at: args.at });
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
  });
  return { list, save };
}

/** Decodes a row of `list`, naming the trial and column of a bad one. */
export function decodeTrialSource(row: Row): TrialSource {
  return validateRow(
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
}
