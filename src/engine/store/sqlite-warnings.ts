import type Database from 'better-sqlite3';
import { TrialSpecSchema, UsageSchema } from '../../core/trial.js';
import { parseJsonColumn, validateColumn, type Row } from './sqlite-rows.js';
import type { TrialWarnings } from './store.js';

const statements = new WeakMap<Database.Database, Database.Statement<[string], Row>>();

/**
 * The trials of a run whose provider warned about a call, without their transcripts: `summary` reads
 * these on every run, and loading every transcript for them would cost far more than the table itself.
 */
export function queryTrialWarnings(db: Database.Database, runId: string): TrialWarnings[] {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare<[string], Row>(
      `SELECT id, model, spec_json, usage_json FROM trials
       WHERE run_id = ? AND json_extract(usage_json, '$.warnings') IS NOT NULL ORDER BY model, id`,
    );
    statements.set(db, statement);
  }
  return statement.all(runId).map((row) => {
    const spec = validateColumn(TrialSpecSchema, parseJsonColumn('trials', row, 'spec_json'), 'trials', row, 'spec_json');
    const usage = validateColumn(UsageSchema, parseJsonColumn('trials', row, 'usage_json'), 'trials', row, 'usage_json');
    return { model: String(row.model), modelSettings: spec.modelSettings, warnings: usage.warnings ?? [] };
  });
}
