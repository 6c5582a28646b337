import type Database from 'better-sqlite3';
import { z } from 'zod';
import { BehaviorSchema, VerdictLabelSchema, VerdictModeSchema } from '../../core/verdict.js';
import { TrialIndexEntrySchema, validateRow, type Row } from './sqlite-rows.js';
import { isChosenVerdict } from './choose-classifier.js';
import type { RunClassifier, TrialPage, TrialSummary, TrialSummaryFilter, VerdictTally } from './store.js';

/*
 * The thin reads behind listings (viewer, reports): no transcript is decoded here, so a page of 100,000
 * trials costs what the page shows. Every row is still validated.
 */

// A trial's key columns as the index reads them, plus what a listing shows instead of the spec.
const SummaryRowSchema = TrialIndexEntrySchema.omit({ spec: true }).extend({
  steps: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  startedAt: z.string(),
});

const ChipRowSchema = z.object({ trialId: z.string(), behavior: BehaviorSchema, mode: VerdictModeSchema, label: VerdictLabelSchema, classifierId: z.string(), classifierVersion: z.string() });

const TallyRowSchema = z.object({
  model: z.string(),
  conditionId: z.string(),
  behavior: BehaviorSchema,
  mode: VerdictModeSchema,
  label: VerdictLabelSchema,
  classifierId: z.string(),
  classifierVersion: z.string(),
  count: z.number().int().nonnegative(),
  judged: z.number().int().nonnegative(),
});

// A behavior filter reads the verdict of ONE classifier (the one the rates count, see chooseClassifier),
// so "blackmail = yes" lists exactly the trials behind the rate. As in countOutcomes, a finished trial
// without a yes/no verdict of that classifier is unscored.
const CHOSEN = `v.trial_id = t.id AND v.behavior = @behavior AND v.mode = @mode
  AND v.classifier_id = @classifierId AND v.classifier_version = @classifierVersion`;

const WHERE = `t.run_id = @runId
  AND (@model IS NULL OR t.model = @model)
  AND (@conditionId IS NULL OR t.condition_id = @conditionId)
  AND (@status IS NULL OR t.status = @status)
  AND (@behavior IS NULL
    OR (@label = 'unscored' AND t.status <> 'error' AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE ${CHOSEN} AND v.label IN ('yes', 'no')))
    OR (@label IS NOT 'unscored' AND EXISTS (SELECT 1 FROM verdicts v WHERE ${CHOSEN} AND (@label IS NULL OR v.label = @label))))`;

type FilterParams = Record<'runId' | 'model' | 'conditionId' | 'status' | 'behavior' | 'mode' | 'label' | 'classifierId' | 'classifierVersion', string | null>;

/** Prepared statements for trial summaries, verdict chips and verdict tallies. */
export class SummaryQueries {
  private readonly page;
  private readonly count;
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

  }

  /** A page of trials; a behavior filter and the chips read the `chosen` classifiers' verdicts only. */
  listPage(runId: string, filter: TrialSummaryFilter, offset: number, limit: number, chosen: readonly RunClassifier[]): TrialPage {
    const mode = filter.behavior ? (filter.mode ?? 'acted') : null;
    const classifier = filter.behavior ? chosen.find((c) => c.behavior === filter.behavior && c.mode === mode) : undefined;
    const params: FilterParams = {
      runId,
      model: filter.model ?? null,
      conditionId: filter.conditionId ?? null,
      status: filter.status ?? null,
      behavior: filter.behavior ?? null,
      mode,
      label: filter.behavior ? (filter.label ?? null) : null,
      // Nothing stored for the behavior: an id no verdict has, so only "unscored" matches (as in the rates).
      classifierId: classifier?.id ?? (filter.behavior ? '\u0000none' : null),
      classifierVersion: classifier?.version ?? null,
    };
    const total = z.number().int().parse(this.count.get(params)?.total);
    const rows = this.page.all({ ...params, limit, offset }).map((row) => validateRow(SummaryRowSchema, row, 'trials', row, {}));
    const chips = new Map<string, TrialSummary['verdicts']>();
    if (rows.length > 0) {
      // One query for the whole page's verdict labels, never one per row; only the chosen classifiers' show.
      const placeholders = rows.map(() => '?').join(', ');
      const chipRows = this.db
        .prepare<string[], Row>(
          `SELECT v.trial_id AS trialId, v.behavior AS behavior, v.mode AS mode, v.label AS label,
             v.classifier_id AS classifierId, v.classifier_version AS classifierVersion FROM verdicts v
           WHERE v.trial_id IN (${placeholders}) ORDER BY v.behavior, v.mode`,
        )
        .all(...rows.map((r) => r.id));
      for (const raw of chipRows) {
        const chip = validateRow(ChipRowSchema, raw, 'verdicts', raw, {});
        if (!isChosenVerdict(chosen, chip)) continue;
        const list = chips.get(chip.trialId) ?? [];
        list.push({ behavior: chip.behavior, mode: chip.mode, label: chip.label, classifierId: chip.classifierId });
        chips.set(chip.trialId, list);
      }
    }
    return { total, offset, trials: rows.map((row) => ({ ...row, verdicts: chips.get(row.id) ?? [] })) };
  }

  /** Verdict counts of the `chosen` classifiers only, so a tally never mixes two classifiers' labels. */
  verdictTallies(runId: string, chosen: readonly RunClassifier[]): VerdictTally[] {
    if (chosen.length === 0) return [];
    // Only the chosen classifiers' rows are joined (the covering index verdicts_choice holds every column
    // read), so a run re-classified by several classifiers costs no more than one.
    const pick = chosen.map(() => '(?, ?, ?, ?)').join(', ');
    return this.db
      .prepare<string[], Row>(
        `SELECT t.model AS model, t.condition_id AS conditionId, v.behavior AS behavior, v.mode AS mode, v.label AS label,
           v.classifier_id AS classifierId, v.classifier_version AS classifierVersion,
           COUNT(*) AS count, SUM(CASE WHEN v.judge_model IS NULL THEN 0 ELSE 1 END) AS judged
         FROM trials t JOIN verdicts v ON v.trial_id = t.id
         WHERE t.run_id = ? AND t.status <> 'error'
           AND (v.behavior, v.mode, v.classifier_id, v.classifier_version) IN (VALUES ${pick})
         GROUP BY t.model, t.condition_id, v.behavior, v.mode, v.classifier_id, v.classifier_version, v.label
         ORDER BY t.model, t.condition_id, v.behavior, v.mode, v.label`,
      )
      .all(runId, ...chosen.flatMap((c) => [c.behavior, c.mode, c.id, c.version]))
      .map((row) => validateRow(TallyRowSchema, row, 'verdicts', { id: runId }, {}))
      .filter((t) => isChosenVerdict(chosen, t));
  }
}
