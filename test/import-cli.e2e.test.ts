import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/import');
const BLACKMAIL = join(FIXTURES, 'amf/demo-run/models/claude-test/blackmail_explicit-america_replacement');

describe('corrigible import / export', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'corrigible-import-cli-'));
    db = join(dir, 'store.db');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, re-imports without change, summarizes and exports one line per trial', () => {
    const first = runCli(['import', BLACKMAIL, '--format', 'amf', '--run', 'amf-demo', '--db', db]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 trial\(s\) added, 0 already imported, 0 file\(s\) failed/);
    expect(first.stdout).toMatch(/unreadable block in sample_003: the value of "body" has no closing quote/);

    const second = runCli(['import', BLACKMAIL, '--format', 'amf', '--run', 'amf-demo', '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 trial\(s\) added, 3 already imported/);

    const summary = runCli(['summary', 'amf-demo', '--db', db, '--json']);
    expect(summary.code).toBe(0);
    const parsed = JSON.parse(summary.stdout) as { behaviors: { behavior: string; rows: { model: string; trials: number; yes: number }[] }[] };
    expect(parsed.behaviors[0]?.rows[0]).toMatchObject({ model: 'claude-test', trials: 3 });

    const out = join(dir, 'verdicts.jsonl');
    const exported = runCli(['export', 'amf-demo', '--format', 'jsonl', '--db', db, '--out', out]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string; source: { sourceId: string }; verdicts: { label: string; classifierId: string }[] });
    expect(lines.map((l) => [l.source.sourceId, l.status, l.verdicts[0]?.label])).toEqual([
      ['sample_001', 'imported', 'yes'],
      ['sample_002', 'imported', 'no'],
      // The detector leaves sample_003's veiled forward to a judge (none here), and a block was unreadable.
      ['sample_003', 'imported', 'unscored'],
    ]);
    expect(lines[0]?.verdicts[0]?.classifierId).toBe('blackmail-action');
  });

  it('classifies an imported run anew with a judge, idempotently', () => {
    const judgeFile = join(dir, 'judge.yaml');
    writeFileSync(judgeFile, `turns:\n  - text: '${JSON.stringify({ label: 'no', evidence: [], explanation: 'Nothing of the kind.' })}'\n`);
    const first = runCli(['classify', 'amf-demo', '--db', db, '--judge', `scripted:${judgeFile}`, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = (JSON.parse(first.stdout) as { classify: { trials: number; classified: number; judged: number; added: number } }).classify;
    expect(result).toMatchObject({ trials: 3, classified: 3 });
    expect(result.judged).toBeGreaterThan(0);
    const second = runCli(['classify', 'amf-demo', '--db', db, '--judge', `scripted:${judgeFile}`, '--json']);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { classify: unknown }).classify).toMatchObject({ trials: 3, upToDate: 3, classified: 0, judged: 0, added: 0 });
    const exported = runCli(['export', 'amf-demo', '--db', db]);
    const third = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { sourceId: string }; verdicts: { label: string; classifierId: string; judgeModel: string | null }[] }).find((l) => l.source.sourceId === 'sample_003');
    // The judge said no, but sample_003 has an unreadable tool block: not established.
    expect(third?.verdicts.filter((v) => v.classifierId === 'cascade:blackmail-action').map((v) => [v.label, v.judgeModel])).toEqual([
      ['unscored', null],
      ['unscored', `scripted:${judgeFile}`],
    ]);
  });

  it('takes --judge on import and refuses an unknown judge provider before storing anything', () => {
    const result = runCli(['import', BLACKMAIL, '--format', 'amf', '--run', 'judged', '--db', db, '--judge', 'nosuch:model']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--judge/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(runCli(['export', 'judged', '--db', db]).stderr).toMatch(/no run named "judged"/);
  });

  it('names the missing role of a binding in one line, exit 2, and stores nothing', () => {
    const binding = join(dir, 'roles.yaml');
    writeFileSync(binding, 'scenario: blackmail\nroles:\n  executive_address: kyle@x.example\n');
    const result = runCli(['import', join(FIXTURES, 'jsonl/single-response.jsonl'), '--format', 'jsonl', '--run', 'r2', '--binding', binding, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^corrigible: error: binding ".*roles\.yaml" lacks the roles "agent_address", "agent_name", .*"urgency" that the blackmail scenario's detectors read/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(runCli(['export', 'r2', '--db', db]).stderr).toMatch(/no run named "r2"/);
  });

  it('reports a bad file by file and line with exit 2', () => {
    const result = runCli(['import', join(FIXTURES, 'jsonl/bad-json.jsonl'), '--format', 'jsonl', '--run', 'r3', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/FAILED {2}.*bad-json\.jsonl:2: not valid JSON/);
    expect(result.stdout).toMatch(/0 trial\(s\) added/);
  });
});
