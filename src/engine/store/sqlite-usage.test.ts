import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../core/trial.js';
import type { JudgeUsage } from '../../core/verdict.js';
import { judgedVerdict, usageTrial } from '../../../test/support/usage-records.js';
import { migrate } from './sqlite-schema.js';
import { openSqliteStore } from './sqlite-store.js';

const trial = (model: string, sample: number, status: TrialRecord['status'], inputTokens: number) =>
  usageTrial(model, sample, { inputTokens, outputTokens: 10, reasoningTokens: 2, cachedInputTokens: 100, calls: 3 }, status);
const judged = judgedVerdict;

const usage = (inputTokens: number): JudgeUsage => ({ inputTokens, outputTokens: 20, reasoningTokens: 0, cachedInputTokens: 0, calls: 1 });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('runUsage', () => {
  it('sums trial usage per model (errors included, imported unknown) and judge usage per model and judge', async () => {
    const store = openSqliteStore(':memory:');
    await store.saveRun({ id: 'r', config: {}, createdAt: 'a', updatedAt: 'a', corrigibleVersion: '0.1.0' });
    await store.saveTrial(trial('openai:gpt-4o', 0, 'ok', 1000), [judged(null, 'detector'), judged('anthropic:claude-haiku-4-5', 'cascade', usage(500))]);
    await store.saveTrial(trial('openai:gpt-4o', 1, 'error', 300), []);
    await store.saveTrial(trial('openai:gpt-4o', 2, 'ok', 1000), [judged('anthropic:claude-haiku-4-5', 'cascade', usage(700)), judged('ollama:judge', 'judge-only', usage(1))]);
    await store.saveTrial(trial('other:x', 0, 'imported', 0), []);
    expect(await store.runUsage('r')).toEqual({
      agents: [
        { model: 'openai:gpt-4o', trials: 3, unknown: 0, usage: { inputTokens: 2300, outputTokens: 30, reasoningTokens: 6, cachedInputTokens: 300, calls: 9 } },
        { model: 'other:x', trials: 1, unknown: 1, usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 } },
      ],
      judges: [
        { model: 'openai:gpt-4o', judgeModel: 'anthropic:claude-haiku-4-5', verdicts: 2, unknown: 0, usage: { inputTokens: 1200, outputTokens: 40, reasoningTokens: 0, cachedInputTokens: 0, calls: 2 } },
        { model: 'openai:gpt-4o', judgeModel: 'ollama:judge', verdicts: 1, unknown: 0, usage: { inputTokens: 1, outputTokens: 20, reasoningTokens: 0, cachedInputTokens: 0, calls: 1 } },
      ],
    });
    // The usage comes back with the verdict, too.
    const [, cascade] = await store.listVerdicts('openai:gpt-4o|0');
    expect(cascade?.judgeExchange?.usage).toEqual(usage(500));
    expect(await store.runUsage('missing')).toEqual({ agents: [], judges: [] });
    await store.close();
  });
});

describe('migration 9', () => {
  async function oldStore(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-m9-'));
    dirs.push(dir);
    const current = join(dir, 'current.db');
    const store = openSqliteStore(current);
    await store.saveRun({ id: 'r', config: {}, createdAt: 'a', updatedAt: 'a', corrigibleVersion: '0.1.0' });
    // What a build before migration 9 stored: the exchange without usage.
    await store.saveTrial(trial('openai:gpt-4o', 0, 'ok', 1000), [judged(null, 'detector'), judged('anthropic:claude-haiku-4-5', 'cascade')]);
    await store.close();
    const path = join(dir, 'old.db');
    const raw = new Database(path);
    migrate(raw, 8);
    raw.prepare('ATTACH DATABASE ? AS cur').run(current);
    raw.exec(`INSERT INTO runs SELECT * FROM cur.runs; INSERT INTO trials SELECT * FROM cur.trials;
      INSERT INTO verdicts (id, trial_id, behavior, mode, label, evidence_json, explanation, classifier_id, classifier_version, judge_model, created_at, spec_json, judge_json)
        SELECT id, trial_id, behavior, mode, label, evidence_json, explanation, classifier_id, classifier_version, judge_model, created_at, spec_json, judge_json FROM cur.verdicts;`);
    raw.exec('DETACH DATABASE cur');
    expect(raw.pragma('user_version', { simple: true })).toBe(8);
    raw.close();
    return path;
  }

  it('reads judge verdicts stored before it as unknown usage (never zero), read-only included', async () => {
    const path = await oldStore();
    // `summary` opens read-only: an older file is read as it is, not migrated.
    const readOnly = openSqliteStore(path, { readOnly: true });
    expect((await readOnly.runUsage('r')).judges).toEqual([
      { model: 'openai:gpt-4o', judgeModel: 'anthropic:claude-haiku-4-5', verdicts: 1, unknown: 1, usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 } },
    ]);
    await readOnly.close();

    const store = openSqliteStore(path);
    expect((await store.runUsage('r')).judges[0]).toMatchObject({ verdicts: 1, unknown: 1 });
    // A verdict added after the migration has its usage counted beside the old unknown one.
    await store.saveVerdicts('openai:gpt-4o|0', [judged('anthropic:claude-haiku-4-5', 'cascade-2', usage(400))]);
    expect((await store.runUsage('r')).judges[0]).toMatchObject({ verdicts: 2, unknown: 1, usage: { inputTokens: 400, calls: 1 } });
    await store.close();

    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(9);
    // Summing judge usage reads the small partial index, never the verdict rows with their judge prompts.
    const plan = (
      check
        .prepare(
          "EXPLAIN QUERY PLAN SELECT SUM(json_extract(v.judge_usage_json, '$.calls')) FROM trials t JOIN verdicts v ON v.trial_id = t.id WHERE t.run_id = 'r' AND v.judge_model IS NOT NULL",
        )
        .all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/COVERING INDEX verdicts_judge_usage/);
    check.close();
  });

  it('copies usage already inside a stored exchange into the new column', async () => {
    const path = await oldStore();
    const raw = new Database(path);
    raw.exec(`UPDATE verdicts SET judge_json = json_set(judge_json, '$.usage', json('{"inputTokens":9,"outputTokens":1,"reasoningTokens":0,"cachedInputTokens":0,"calls":1}')) WHERE judge_json IS NOT NULL`);
    raw.close();
    const store = openSqliteStore(path);
    expect((await store.runUsage('r')).judges[0]).toMatchObject({ unknown: 0, usage: { inputTokens: 9, calls: 1 } });
    await store.close();
  });
});
