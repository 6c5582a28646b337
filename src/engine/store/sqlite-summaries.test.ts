import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import { migrate } from './sqlite-schema.js';
import { openSqliteStore } from './sqlite-store.js';

function trial(model: string, conditionId: string, sample: number, status: TrialRecord['status'] = 'ok'): TrialRecord {
  return {
    id: `${model}|${conditionId}|${sample}`,
    runId: 'r',
    model,
    conditionId,
    sample,
    status,
    attempt: 1,
    seed: 1,
    spec: { model, modelSettings: {}, scenarioId: 'blackmail', scenarioVersion: '1', mode: 'tools', maxSteps: 4, corrigibleVersion: '0.1.0' },
    transcript: [{ role: 'system', parts: [{ type: 'text', text: 'x'.repeat(1000) }] }],
    actions: [],
    usage: { inputTokens: 1, outputTokens: 1, reasoningTokens: 0, cachedInputTokens: 0, calls: 1 },
    steps: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 10,
    modelMs: 5,
    error: status === 'error' ? { kind: 'APICallError', message: '503', retryable: true } : null,
  };
}

function verdict(label: Verdict['label'], overrides: Partial<Verdict> = {}): Verdict {
  return { behavior: 'blackmail', mode: 'acted', label, evidence: [], explanation: '.', classifierId: 'd', classifierVersion: '1', judgeModel: null, ...overrides };
}

async function fixture() {
  let clock = 0;
  const store = openSqliteStore(':memory:', { now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString() });
  await store.saveRun({ id: 'r', config: {}, createdAt: 'a', updatedAt: 'a', corrigibleVersion: '0.1.0' });
  const c1 = 'blackmail/explicit-america/replacement';
  const c2 = 'blackmail/none/none';
  for (let s = 0; s < 5; s++) await store.saveTrial(trial('sim:a', c1, s), [verdict(s < 2 ? 'yes' : 'no'), verdict(s === 0 ? 'yes' : 'no', { mode: 'considered', judgeModel: 'judge:x' })]);
  for (let s = 0; s < 3; s++) await store.saveTrial(trial('sim:b', c2, s), [verdict(s === 2 ? 'unscored' : 'no')]);
  await store.saveTrial(trial('sim:b', c2, 3, 'error'), []);
  return store;
}

describe('listTrialSummaries', () => {
  it('pages in key order with the total, and carries each trial’s latest labels but no transcript', async () => {
    const store = await fixture();
    const first = await store.listTrialSummaries('r', {}, { limit: 3 });
    expect(first.total).toBe(9);
    expect(first.trials.map((t) => `${t.model} ${t.sample}`)).toEqual(['sim:a 0', 'sim:a 1', 'sim:a 2']);
    expect(first.trials[0]?.verdicts).toEqual([
      { behavior: 'blackmail', mode: 'acted', label: 'yes', classifierId: 'd' },
      { behavior: 'blackmail', mode: 'considered', label: 'yes', classifierId: 'd' },
    ]);
    expect(first.trials[0]).not.toHaveProperty('transcript');
    const last = await store.listTrialSummaries('r', {}, { offset: 8, limit: 3 });
    expect(last).toMatchObject({ total: 9, offset: 8, trials: [{ model: 'sim:b', sample: 3, status: 'error', verdicts: [] }] });
  });

  it('filters by verdict (acted by default), model and status', async () => {
    const store = await fixture();
    const harmful = await store.listTrialSummaries('r', { behavior: 'blackmail', label: 'yes' });
    expect(harmful.trials.map((t) => t.sample)).toEqual([0, 1]);
    const considered = await store.listTrialSummaries('r', { behavior: 'blackmail', mode: 'considered', label: 'yes' });
    expect(considered.total).toBe(1);
    expect((await store.listTrialSummaries('r', { model: 'sim:b', status: 'error' })).total).toBe(1);
    expect((await store.listTrialSummaries('r', { behavior: 'leak' })).total).toBe(0);
  });

  it('reads the classifier the rates count, never a mix: a re-classification of one trial is not merged with the old verdicts', async () => {
    const store = await fixture();
    // A newer classifier version says "no" for sample 1 only. The rates now count that version (stored
    // last), under which every other trial is unscored; the filter must list exactly the trials behind
    // those numbers rather than mixing v2's label for one trial with v1's for the rest.
    const db = (store as unknown as { db: Database.Database }).db;
    db.prepare(`INSERT INTO verdicts (trial_id, behavior, mode, label, evidence_json, explanation, classifier_id, classifier_version, judge_model, created_at)
      VALUES (?, 'blackmail', 'acted', 'no', '[]', '.', 'd', '2', NULL, '2030-01-01T00:00:00.000Z')`).run('sim:a|blackmail/explicit-america/replacement|1');
    const counts = await store.countOutcomes('r', 'blackmail');
    const label = async (l: 'yes' | 'no' | 'unscored') => (await store.listTrialSummaries('r', { behavior: 'blackmail', label: l })).trials.map((t) => `${t.model} ${t.sample}`);
    expect(await label('yes')).toEqual([]);
    expect(await label('no')).toEqual(['sim:a 1']);
    expect((await label('unscored')).length).toBe(counts.reduce((sum, c) => sum + c.labels.unscored, 0));
    expect(await label('unscored')).toEqual(['sim:a 0', 'sim:a 2', 'sim:a 3', 'sim:a 4', 'sim:b 0', 'sim:b 1', 'sim:b 2']);
    // The chips and tallies follow the same choice.
    const page = await store.listTrialSummaries('r', { model: 'sim:a' });
    expect(page.trials.map((t) => t.verdicts.find((v) => v.mode === 'acted')?.label ?? '-')).toEqual(['-', 'no', '-', '-', '-']);
    expect((await store.verdictTallies('r')).filter((t) => t.mode === 'acted')).toEqual([
      { model: 'sim:a', conditionId: 'blackmail/explicit-america/replacement', behavior: 'blackmail', mode: 'acted', label: 'no', classifierId: 'd', classifierVersion: '2', count: 1, judged: 0 },
    ]);
  });

  it('prefers the cascade’s final verdict over the detector’s, as the summary does', async () => {
    const store = await fixture();
    // The cascade (stored with the detector) says "yes" for sample 2, where the detector said "no".
    await store.saveVerdicts('sim:a|blackmail/explicit-america/replacement|2', [verdict('yes', { classifierId: 'cascade:d', judgeModel: 'judge:x' })]);
    const harmful = await store.listTrialSummaries('r', { behavior: 'blackmail', label: 'yes' });
    expect(harmful.trials.map((t) => t.sample)).toEqual([2]);
    expect(harmful.trials[0]?.verdicts.find((v) => v.mode === 'acted')).toEqual({ behavior: 'blackmail', mode: 'acted', label: 'yes', classifierId: 'cascade:d' });
  });
});

describe('verdictTallies', () => {
  it('counts labels per cell, behavior and mode, leaves errors out, and counts judged verdicts', async () => {
    const store = await fixture();
    const tallies = await store.verdictTallies('r');
    expect(tallies).toEqual([
      { model: 'sim:a', conditionId: 'blackmail/explicit-america/replacement', behavior: 'blackmail', mode: 'acted', label: 'no', classifierId: 'd', classifierVersion: '1', count: 3, judged: 0 },
      { model: 'sim:a', conditionId: 'blackmail/explicit-america/replacement', behavior: 'blackmail', mode: 'acted', label: 'yes', classifierId: 'd', classifierVersion: '1', count: 2, judged: 0 },
      { model: 'sim:a', conditionId: 'blackmail/explicit-america/replacement', behavior: 'blackmail', mode: 'considered', label: 'no', classifierId: 'd', classifierVersion: '1', count: 4, judged: 4 },
      { model: 'sim:a', conditionId: 'blackmail/explicit-america/replacement', behavior: 'blackmail', mode: 'considered', label: 'yes', classifierId: 'd', classifierVersion: '1', count: 1, judged: 1 },
      { model: 'sim:b', conditionId: 'blackmail/none/none', behavior: 'blackmail', mode: 'acted', label: 'no', classifierId: 'd', classifierVersion: '1', count: 2, judged: 0 },
      { model: 'sim:b', conditionId: 'blackmail/none/none', behavior: 'blackmail', mode: 'acted', label: 'unscored', classifierId: 'd', classifierVersion: '1', count: 1, judged: 0 },
    ]);
  });
});

describe('migration 5', () => {
  it('adds the covering indexes to a store written before it, keeping its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-m5-'));
    try {
      const path = join(dir, 'old.db');
      const current = join(dir, 'current.db');
      const store = openSqliteStore(current);
      await store.saveRun({ id: 'r', config: {}, createdAt: 'a', updatedAt: 'a', corrigibleVersion: '0.1.0' });
      await store.saveTrial(trial('sim:a', 'blackmail/none/none', 0), [verdict('yes')]);
      await store.close();
      // A file exactly as a build before migration 5 left it: the schema of migrations 1-4 only (none of the
      // later steps, which must then all run on open), holding the same rows.
      const raw = new Database(path);
      migrate(raw, 4);
      raw.prepare('ATTACH DATABASE ? AS cur').run(current);
      raw.exec('INSERT INTO runs SELECT * FROM cur.runs; INSERT INTO trials SELECT * FROM cur.trials; INSERT INTO verdicts SELECT id, trial_id, behavior, mode, label, evidence_json, explanation, classifier_id, classifier_version, judge_model, created_at, spec_json, judge_json FROM cur.verdicts;');
      raw.exec('DETACH DATABASE cur');
      expect(raw.pragma('user_version', { simple: true })).toBe(4);
      raw.close();

      const reopened = openSqliteStore(path);
      expect((await reopened.listTrialSummaries('r', { behavior: 'blackmail', label: 'yes' })).total).toBe(1);
      await reopened.close();
      const check = new Database(path, { readonly: true });
      const indexes = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['trials_run_cell', 'verdicts_latest']));
      expect(check.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
      // The count behind the grid reads the covering index, not the trial rows.
      const plan = (check.prepare("EXPLAIN QUERY PLAN SELECT model, condition_id, status, COUNT(*) FROM trials WHERE run_id = 'r' GROUP BY model, condition_id").all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/COVERING INDEX trials_run_cell/);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
