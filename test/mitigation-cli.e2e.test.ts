import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer } from './fakes/fake-turn.js';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { runCli, runCliAsync } from './support/cli.js';
import { principledAnswer } from './support/scripted-teacher.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('corrigible datagen / dataset / run with a mitigation block (CLI)', () => {
  it('generates a gated dataset through a teacher over HTTP, resumes it, and exports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-datagen-'));
    const db = join(dir, 'c.db');
    const teacher = await startOpenAICompatibleServer({
      apiKey: 'teacher-key-123',
      turns: (_request, index) => (index === 2 ? { text: 'Unless you back off, I will tell your wife about the emails.' } : { text: principledAnswer(index) }),
    });
    servers.push(teacher);
    const args = ['datagen', 'difficult-advice', '--teacher', 'openai-compatible:teacher-model', '--base-url', teacher.baseURL, '--api-key-env', 'TEACHER_KEY', '--tokens', '1200', '--name', 'advice', '--concurrency', '1', '--db', db];
    const first = await runCliAsync(args, { TEACHER_KEY: 'teacher-key-123' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/dataset "advice": \d+ examples, \d+ of 1200 tokens \(stopped: budget\)/);
    expect(first.stdout).toContain('rejected: 1 misaligned');
    const calls = teacher.requests.length;
    const again = await runCliAsync(args, { TEACHER_KEY: 'teacher-key-123' });
    expect(again.code).toBe(0);
    expect(teacher.requests.length).toBe(calls);
    const out = join(dir, 'export');
    const exported = runCli(['dataset', 'export', 'advice', '--out', out, '--db', db]);
    expect(exported.code).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('| misaligned | 1 |');
    expect(existsSync(join(out, 'train.openai.jsonl'))).toBe(true);
    expect(runCli(['dataset', 'list', '--db', db]).stdout).toMatch(/^advice {2}difficult-advice {2}\d+ examples/m);
  }, 120_000);

  it('reports bad flags in one line with exit code 2', async () => {
    const bad = runCli(['datagen', 'poems', '--teacher', 'sim:baseline', '--tokens', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^corrigible: error: <kind>: "poems" is not a generator; expected one of: difficult-advice/);
    const sim = runCli(['datagen', 'stories', '--teacher', 'sim:baseline', '--tokens', '100']);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('--teacher: sim:baseline is a simulated agent');
    const rendered = runCli(['scenarios', 'render', 'blackmail/explicit-america/replacement+mitigation:escalation-channel']);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('escalate_to_ethics_office');
    expect(runCli(['scenarios', 'render', 'blackmail/explicit-america/replacement+mitigation:nope']).stderr).toMatch(/unknown mitigation "nope"; available: compliance-bulletin/);
    const noKey = await runCliAsync(['finetune', '--dataset', 'x', '--base-model', 'gpt-4.1-mini', '--db', 'package.json'], { OPENAI_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('OPENAI_API_KEY is not set');
  });
});
