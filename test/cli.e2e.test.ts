import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { runCli, runCliAsync, startCli } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-cli-'));

function writeConfig(name: string, body: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, body);
  return path;
}

const goodConfig = (name: string, extra = '') => `name: ${name}
models:
  - id: sim:baseline${extra}
scenarios:
  - id: blackmail
    grid:
      goal: [explicit-america, none]
      urgency: [replacement, restriction]
samples: 25
seed: 11
concurrency: 4
`;

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function countTrials(db: string): { rows: number; keys: number; statuses: Record<string, number> } {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = (conn.prepare('SELECT COUNT(*) AS n FROM trials').get() as { n: number }).n;
    const keys = (conn.prepare('SELECT COUNT(*) AS n FROM (SELECT DISTINCT run_id, model, condition_id, sample FROM trials)').get() as { n: number }).n;
    const statuses = Object.fromEntries(
      (conn.prepare('SELECT status, COUNT(*) AS n FROM trials GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
    return { rows, keys, statuses };
  } finally {
    conn.close();
  }
}

function outcomes(db: string): string[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (
      conn
        .prepare(
          `SELECT t.model || '|' || t.condition_id || '|' || t.sample || '|' || t.status || '|' || v.label AS row
           FROM trials t JOIN verdicts v ON v.trial_id = t.id ORDER BY row`,
        )
        .all() as { row: string }[]
    ).map((r) => r.row);
  } finally {
    conn.close();
  }
}

describe('corrigible CLI', () => {
  it('runs an experiment and prints rates with Wilson intervals and the simulation notice', () => {
    const db = join(dir, 'plain.db');
    const result = runCli(['run', writeConfig('plain', goodConfig('plain')), '--db', db, '--no-progress']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('blackmail (acted) — run "plain"');
    expect(result.stdout).toMatch(/sim:baseline\s+blackmail\/explicit-america\/replacement\s+25\s+\d+\s+[\d.]+%\s+[\d.]+% – [\d.]+%\s+0\s+0/);
    expect(result.stdout).toContain('no real model was evaluated');
    expect(countTrials(db)).toEqual({ rows: 100, keys: 100, statuses: { ok: 100 } });
    const preview = runCli(['run', join(dir, 'plain.yaml'), '--db', db, '--dry-run']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('trials:      100 planned, 100 already stored, 0 to run');
    const fresh = join(dir, 'never-created.db');
    const freshPreview = runCli(['run', join(dir, 'plain.yaml'), '--db', fresh, '--dry-run']);
    expect(freshPreview.stdout).toContain('trials:      100 planned, 0 already stored, 100 to run');
    expect(freshPreview.stdout).toContain('model calls: at most 1200');
    expect(existsSync(fresh)).toBe(false);
    const json = runCli(['summary', 'plain', '--db', db, '--json']);
    const parsed = JSON.parse(json.stdout) as { runId: string; behaviors: { behavior: string; rows: { n: number }[] }[]; simulatedModels: string[] };
    expect(parsed.runId).toBe('plain');
    expect(parsed.simulatedModels).toEqual(['sim:baseline']);
    expect(parsed.behaviors[0]?.rows.map((r) => r.n)).toEqual([25, 25, 25, 25]);
    const summary = runCli(['summary', 'plain', '--db', db]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toBe(result.stdout);
  });

  it('rejects config errors with one line naming the field, exit code 2, and leaves the database untouched', () => {
    const db = join(dir, 'guarded.db');
    expect(runCli(['run', writeConfig('guarded', goodConfig('guarded').replace('samples: 25', 'samples: 2')), '--db', db, '--no-progress']).code).toBe(0);
    const before = fileHash(db);
    const cases: [string, string, RegExp][] = [
      ['unknown-scenario', goodConfig('guarded').replace('id: blackmail', 'id: blackmale'), /scenarios\[0\]\.id: unknown scenario "blackmale"; available: blackmail/],
      ['bad-value', goodConfig('guarded').replace('[replacement, restriction]', '[replacement, restrction]'), /scenarios\[0\]\.grid\.urgency\[1\]: "restrction" is not a value of blackmail\.urgency; expected one of: replacement, restriction, none/],
      ['bad-yaml', 'name: guarded\nmodels: [sim:baseline\nscenarios: {', /bad-yaml\.yaml:\d+:\d+: invalid YAML/],
      ['unknown-provider', goodConfig('guarded').replace('sim:baseline', 'simm:baseline'), /models\[0\]\.id: unknown provider "simm".*available: anthropic, google/],
      ['missing-key', goodConfig('guarded').replace('sim:baseline', 'anthropic:claude-sonnet-4-5'), /ANTHROPIC_API_KEY is not set/],
    ];
    for (const [name, body, expected] of cases) {
      const result = runCli(['run', writeConfig(name, body), '--db', db, '--no-progress']);
      expect(result.code, name).toBe(2);
      expect(result.stdout, name).toBe('');
      const lines = result.stderr.split('\n').filter(Boolean);
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatch(/^corrigible: error: /);
      expect(lines[0], name).toMatch(expected);
      expect(result.stderr, name).not.toMatch(/\n\s+at /);
    }
    expect(fileHash(db)).toBe(before);
  });

  it('loses nothing and duplicates nothing when killed with SIGKILL mid-run', async () => {
    const db = join(dir, 'killed.db');
    const config = writeConfig('killed', goodConfig('killed', '\n    latencyMs: 40'));
    const child = startCli(['run', config, '--db', db, '--no-progress']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
    let stored = 0;
    for (let i = 0; i < 400 && stored < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        stored = countTrials(db).rows;
      } catch {
        stored = 0; // the file or its tables do not exist yet
      }
    }
    expect(stored).toBeGreaterThanOrEqual(20);
    child.kill('SIGKILL');
    await exited;
    const afterKill = countTrials(db);
    expect(afterKill.rows).toBeLessThan(100);
    expect(afterKill.rows).toBe(afterKill.keys);

    const resumed = runCli(['run', config, '--db', db, '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(countTrials(db)).toEqual({ rows: 100, keys: 100, statuses: { ok: 100 } });

    // The same config run without interruption gives the same outcome for every trial.
    const reference = join(dir, 'reference.db');
    expect(runCli(['run', config, '--db', reference, '--no-progress']).code).toBe(0);
    expect(outcomes(db)).toEqual(outcomes(reference));
  });

  it('runs a real provider end to end over HTTP and never writes its key to the database or the output', async () => {
    const key = 'sk-e2e-secret-5d1c0ffee';
    // Plays one episode per trial: read the inbox, send a reply, stop. The fake rejects anything a real
    // Chat Completions API would, so every trial's transcript has to be well formed.
    const server = await startOpenAICompatibleServer({
      apiKey: key,
      turns: (request) => {
        const messages = (request.body as { messages: { role: string }[] }).messages;
        const toolTurns = messages.filter((m) => m.role === 'tool').length;
        if (toolTurns === 0) return { reasoning: 'Reading first.', toolCalls: [{ name: 'read_inbox', input: {} }] };
        if (toolTurns === 1) return { toolCalls: [{ name: 'send_email', input: { to: 'it-helpdesk@example.org', subject: 'Hello', body: 'Checking in.' } }] };
        return { text: 'Done.' };
      },
    });
    try {
      const db = join(dir, 'http.db');
      const config = writeConfig(
        'http',
        `name: http\nmodels:\n  - id: openai-compatible:fake-llm\n    baseURL: ${server.baseURL}\n    apiKeyEnv: FAKE_LLM_KEY\nscenarios:\n  - id: blackmail\n    conditions: [blackmail/explicit-global/replacement, blackmail/none/none+noscratchpad]\nsamples: 2\n`,
      );
      const result = await runCliAsync(['run', config, '--db', db, '--no-progress'], { FAKE_LLM_KEY: key });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(server.rejections).toEqual([]);
      expect(server.requests).toHaveLength(12);
      expect(countTrials(db)).toEqual({ rows: 4, keys: 4, statuses: { ok: 4 } });
      expect(result.stdout).toMatch(/openai-compatible:fake-llm\s+blackmail\/explicit-global\/replacement\s+2\s+0\s+0\.0%/);
      expect(result.stdout).not.toContain('no real model was evaluated');
      for (const text of [readFileSync(db).toString('latin1'), result.stdout, result.stderr]) expect(text).not.toContain(key);
    } finally {
      await server.close();
    }
  });

  it('stops cleanly on Ctrl-C, says how to resume, and resumes to completion', async () => {
    const db = join(dir, 'interrupted.db');
    const config = writeConfig('interrupted', goodConfig('interrupted', '\n    latencyMs: 40'));
    const child = startCli(['run', config, '--db', db, '--no-progress']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => { resolve(code); }));
    let stored = 0;
    for (let i = 0; i < 400 && stored < 10; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        stored = countTrials(db).rows;
      } catch {
        stored = 0;
      }
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('stopping: no new trials will start');
    expect(stderr).toMatch(/interrupted: \d+ of 100 trials stored\. Resume with: corrigible run .*interrupted\.yaml --db /);
    const partial = countTrials(db);
    expect(partial.rows).toBeLessThan(100);
    expect(partial.statuses.error ?? 0).toBe(0);
    expect(runCli(['run', config, '--db', db, '--no-progress']).code).toBe(0);
    expect(countTrials(db)).toEqual({ rows: 100, keys: 100, statuses: { ok: 100 } });
  });

  it('lists the grid and renders a condition', () => {
    const list = runCli(['scenarios', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('7488 conditions (78 axis combinations × 16 toggle combinations × 6 prompt forms');
    for (const id of ['blackmail', 'leaking', 'lethal', 'shutdown', 'concealment', 'demands']) expect(list.stdout).toMatch(new RegExp(`^${id} \\(v\\d+\\): `, 'm'));
    const render = runCli(['scenarios', 'render', 'blackmail/explicit-america/replacement+noscratchpad']);
    expect(render.code).toBe(0);
    expect(render.stdout).toContain('=== system prompt (tools mode)');
    expect(render.stdout).toContain('send_email:');
    expect(render.stdout).not.toContain('{{');
    const text = runCli(['scenarios', 'render', 'blackmail/none/none', '--mode', 'text']);
    expect(text.stdout).toContain('<tool_use:TOOL_NAME>');
    const bad = runCli(['scenarios', 'render', 'blackmail/explicit-mars/replacement']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^corrigible: error: condition-id: "explicit-mars" is not a value of blackmail\.goal/);
  });
});
