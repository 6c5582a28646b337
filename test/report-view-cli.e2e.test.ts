import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-report-cli-'));
const db = join(dir, 'store.db');

describe('corrigible run --until-ci, report, export --format inspect, view', () => {
  it('runs adaptively, reports, exports and serves the same run', async () => {
    const run = runCli(['run', 'examples/quickstart.yaml', '--db', db, '--until-ci', '0.2', '--max-samples', '20']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/adaptive sampling \(until ±0\.2 at 95%, at most 20 per cell\): \d+ trials in \d+ round\(s\)/);
    expect(run.stdout).toMatch(/the fixed design would have run 240: saved \d+/);

    const html = join(dir, 'report.html');
    const report = runCli(['report', 'quickstart', '--db', db, '-o', html]);
    expect(report.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg/);
    const csv = runCli(['report', 'quickstart', '--db', db, '--format', 'csv']);
    // Each row names the classifier its rate counts (the cascade's final verdicts by default).
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^run,behavior,classifier,classifier_version,model,condition,/);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^quickstart,blackmail,cascade:blackmail-action,/);

    const logs = join(dir, 'logs');
    const exported = runCli(['export', 'quickstart', '--db', db, '--format', 'inspect', '--out', logs]);
    expect(exported.code).toBe(0);
    expect(readdirSync(logs).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const viewer = startCli(['view', 'quickstart', '--db', db]);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      viewer.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{32}\/runs\/quickstart/.exec(out);
        if (found) resolve(found[0]);
      });
      viewer.once('exit', () => {
        reject(new Error(`viewer exited: ${out}`));
      });
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h2>blackmail</h2>');
    expect((await fetch(url.replace(/\/t\/[^/]+\//, '/t/guess/'))).status).toBe(404);
    const exit = new Promise<number | null>((resolve) => viewer.once('exit', resolve));
    viewer.kill('SIGINT');
    expect(await exit).toBe(0);
  }, 120_000);

  it('rejects bad flags with one line naming them and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['run', 'examples/quickstart.yaml', '--db', db, '--max-samples', '5'], /--max-samples: only applies with --until-ci/],
      [['report', 'nope', '--db', db], /run: no run named "nope" in this store; runs here: quickstart/],
      [['view', '--db', join(dir, 'missing.db')], /--db: no store at/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  }, 120_000);
});
