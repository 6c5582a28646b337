import type Database from 'better-sqlite3';
import { z } from 'zod';
import { TrialStatusSchema } from '../../core/trial.js';
import { BehaviorSchema, VerdictLabelSchema, VerdictModeSchema } from '../../core/verdict.js';
import { validateRow, type Row } from './sqlite-rows.js';
import type { TrialPage, TrialSummary, TrialSummaryFilter, VerdictTally } from './store.js';

/*
 * The thin reads behind listings (viewer, reports): no transcript is decoded here, so a page of 100,000
 * trials costs what the page shows. Every row is still validated.
 */

const SummaryRowSchema = z.object({
  id: z.string(),
  model: z.string(),
  conditionId: z.string(),
  sample: z.number().int().nonnegative(),
  status: TrialStatusSchema,
  attempt: z.number().int().positive(),
  steps: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  startedAt: z.string(),
});

const ChipRowSchema = z.object({ trialId: z.string(), behavior: BehaviorSchema, mode: VerdictModeSchema, label: VerdictLabelSchema });

const TallyRowSchema = z.object({
  model: z.string(),
  conditionId: z.string(),
  behavior: BehaviorSchema,
  mode: VerdictModeSchema,
  label: VerdictLabelSchema,
  count: z.number().int().nonnegative(),
  judged: z.number().int().nonnegative(),
});

// The latest verdict per (trial, behavior, mode) decides, as in countOutcomes.
const LATEST = `v.id = (SELECT id FROM verdicts WHERE trial_id = v.trial_id AND behavior = v.behavior AND mode = v.mode
  ORDER BY created_at DESC, id DESC LIMIT 1)`;

const WHERE = `t.run_id = @runId
  AND (@model IS NULL OR t.model = @model)
  AND (@conditionId IS NULL OR t.condition_id = @conditionId)
  AND (@status IS NULL OR t.status = @status)
  AND (@behavior IS NULL OR EXISTS (SELECT 1 FROM verdicts v WHERE v.trial_id = t.id AND v.behavior = @behavior
    AND v.mode = @mode AND (@label IS NULL OR v.label = @label) AND ${LATEST}))`;

type FilterParams = Record<'runId' | 'model' | 'conditionId' | 'status' | 'behavior' | 'mode' | 'label', string | null>;

/** Prepared statements for trial summaries, verdict chips and verdict tallies. */
export class SummaryQueries {
  private readonly page;
  private readonly count;
  private readonly tallies;
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
    this.page = db.prepare<FilterParams & { limit: number; offset: number }, Row>(
      `SELECT t.id AS id, t.model AS model, t.condition_id AS conditionId, t.sample AS sample, t.status AS status,
         t.attempt AS attempt, t.steps AS steps, t.duration_ms AS durationMs, t.started_at AS startedAt
       FROM trials t WHERE ${WHERE}
       ORDER BY t.model, t.condition_id, t.sample LIMIT @limit OFFSET @offset`,
    );
    this.count = db.prepare<FilterParams, Row>(`SELECT COUNT(*) AS total FROM trials t WHERE ${WHERE}`);
    this.tallies = db.prepare<[string], Row>(
      `SELECT t.model AS model, t.condition_id AS conditionId, v.behavior AS behavior, v.mode AS mode, v.label AS label,
         COUNT(*) AS count, SUM(CASE WHEN v.judge_model IS NULL THEN 0 ELSE 1 END) AS judged
       FROM trials t JOIN verdicts v ON v.trial_id = t.id
       WHERE t.run_id = ? AND t.status <> 'error' AND ${LATEST}
       GROUP BY t.model, t.condition_id, v.behavior, v.mode, v.label
       ORDER BY t.model, t.condition_id, v.behavior, v.mode, v.label`,
    );
  }

  listPage(runId: string, filter: TrialSummaryFilter, offset: number, limit: number): TrialPage {
    const params: FilterParams = {
      runId,
      model: filter.model ?? null,
      conditionId: filter.conditionId ?? null,
      status: filter.status ?? null,
      behavior: filter.behavior ?? null,
      mode: filter.behavior ? (filter.mode ?? 'acted') : null,
      label: filter.behavior ? (filter.label ?? null) : null,
    };
    const total = z.number().int().parse(this.count.get(params)?.total);
    const rows = this.page.all({ ...params, limit, offset }).map((row) => validateRow(SummaryRowSchema, row, 'trials', row, {}));
    const chips = new Map<string, TrialSummary['verdicts']>();
    if (rows.length > 0) {
      // One query for the whole page's verdict labels (latest per behavior and mode), never one per row.
      const placeholders = rows.map(() => '?').join(', ');
      const chipRows = this.db
        .prepare<string[], Row>(
          `SELECT v.trial_id AS trialId, v.behavior AS behavior, v.mode AS mode, v.label AS label FROM verdicts v
           WHERE v.trial_id IN (${placeholders}) AND ${LATEST} ORDER BY v.behavior, v.mode`,
        )
        .all(...rows.map((r) => r.id));
      for (const raw of chipRows) {
        const chip = validateRow(ChipRowSchema, raw, 'verdicts', raw, {});
        const list = chips.get(chip.trialId) ?? [];
        list.push({ behavior: chip.behavior, mode: chip.mode, label: chip.label });
        chips.set(chip.trialId, list);
      }
    }
    return { total, offset, trials: rows.map((row) => ({ ...row, verdicts: chips.get(row.id) ?? [] })) };
  }

  verdictTallies(runId: string): VerdictTally[] {
    return this.tallies.all(runId).map((row) => validateRow(TallyRowSchema, row, 'verdicts', { id: runId }, {}));
  }
}
