import type Database from 'better-sqlite3';
import { z } from 'zod';
import { validateRow, type Row } from './sqlite-rows.js';
import type { RunUsage, TokenTotals } from './store.js';

const count = z.number().int().nonnegative();
const TotalsSchema = z.object({ inputTokens: count, outputTokens: count, reasoningTokens: count, cachedInputTokens: count, calls: count });
const AgentRowSchema = TotalsSchema.extend({ model: z.string(), trials: count, unknown: count });
const JudgeRowSchema = TotalsSchema.extend({ model: z.string(), judgeModel: z.string(), verdicts: count, unknown: count });

const sums = (column: string): string =>
  ['inputTokens', 'outputTokens', 'reasoningTokens', 'cachedInputTokens', 'calls']
    .map((field) => `COALESCE(SUM(json_extract(${column}, '$.${field}')), 0) AS ${field}`)
    .join(', ');

const totals = (row: z.infer<typeof TotalsSchema>): TokenTotals => ({
  inputTokens: row.inputTokens,
  outputTokens: row.outputTokens,
  reasoningTokens: row.reasoningTokens,
  cachedInputTokens: row.cachedInputTokens,
  calls: row.calls,
});

interface UsageStatements {
  agents: Database.Statement<[string], Row>;
  judges: Database.Statement<[string], Row>;
}

const statements = new WeakMap<Database.Database, UsageStatements>();

function prepare(db: Database.Database): UsageStatements {
  let found = statements.get(db);
  if (found) return found;
  // A read-only handle on a file older than schema 9 has no usage column: all its judge usage is unknown.
  const columns = db.prepare<[], Row>('PRAGMA table_info(verdicts)').all();
  const usageColumn = columns.some((c) => c.name === 'judge_usage_json') ? 'v.judge_usage_json' : 'NULL';
  found = {
    // Imported trials carry no usage of ours (stored as zeros): counted as unknown, summed as nothing.
    agents: db.prepare<[string], Row>(
      `SELECT model, COUNT(*) AS trials, SUM(status = 'imported') AS unknown, ${sums("CASE WHEN status = 'imported' THEN NULL ELSE usage_json END")}
       FROM trials WHERE run_id = ? GROUP BY model ORDER BY model`,
    ),
    // Reads the partial index verdicts_judge_usage only (migration 9), never the verdicts' judge prompts.
    judges: db.prepare<[string], Row>(
      `SELECT t.model AS model, v.judge_model AS judgeModel, COUNT(*) AS verdicts, SUM(${usageColumn} IS NULL) AS unknown, ${sums(usageColumn)}
       FROM trials t JOIN verdicts v ON v.trial_id = t.id
       WHERE t.run_id = ? AND v.judge_model IS NOT NULL
       GROUP BY t.model, v.judge_model ORDER BY t.model, v.judge_model`,
    ),
  };
  statements.set(db, found);
  return found;
}

/** Token usage of a run's stored trials and judge verdicts, summed in SQL (see Store.runUsage). */
export function queryRunUsage(db: Database.Database, runId: string): RunUsage {
  const s = prepare(db);
  return {
    agents: s.agents.all(runId).map((raw) => {
      const row = validateRow(AgentRowSchema, raw, 'trials', { id: runId }, {});
      return { model: row.model, trials: row.trials, unknown: row.unknown, usage: totals(row) };
    }),
    judges: s.judges.all(runId).map((raw) => {
      const row = validateRow(JudgeRowSchema, raw, 'verdicts', { id: runId }, {});
      return { model: row.model, judgeModel: row.judgeModel, verdicts: row.verdicts, unknown: row.unknown, usage: totals(row) };
    }),
  };
}
