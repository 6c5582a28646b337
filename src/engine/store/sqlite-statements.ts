import type Database from 'better-sqlite3';
import { RUN_SELECT, TRIAL_SELECT, VERDICT_SELECT, type Row } from './sqlite-rows.js';

/** The statements SqliteStore prepares when it opens: runs, trials, verdicts, error history and counts. */
export interface SqliteStatements {
  upsertRun: Database.Statement<{ id: string; config: string; createdAt: string; updatedAt: string; version: string }>;
  getRun: Database.Statement<[string], Row>;
  listRuns: Database.Statement<[], Row>;
  runExists: Database.Statement<[string], Row>;
  trialIndex: Database.Statement<[string], Row>;
  trialByKey: Database.Statement<[string, string, string, number], Row>;
  trialKeyById: Database.Statement<[string], Row>;
  getTrial: Database.Statement<[string], Row>;
  listTrials: Database.Statement<{ runId: string; model: string | null; conditionId: string | null; status: string | null }, Row>;
  deleteTrial: Database.Statement<[string]>;
  insertTrial: Database.Statement<Record<string, string | number | null>>;
  insertVerdict: Database.Statement<Record<string, string | null>>;
  appendVerdict: Database.Statement<Record<string, string | null>>;
  runClassifiers: Database.Statement<[string], Row>;
  listVerdicts: Database.Statement<[string], Row>;
  insertError: Database.Statement<[string, string, string, number, number, string, string]>;
  errorHistory: Database.Statement<[string, string, string, number], Row>;
  countOutcomes: Database.Statement<
    { runId: string; behavior: string; mode: string; classifierId: string | null; classifierVersion: string | null },
    Row
  >;
  specVersions: Database.Statement<[string], Row>;
  classifiers: Database.Statement<[string], Row>;
}

/** Prepares every statement of SqliteStatements on `db`, whose schema is already up to date. */
export function prepareStatements(db: Database.Database): SqliteStatements {
  return {
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
}
