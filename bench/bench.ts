/**
 * `npm run bench [-- <case> …]`: the runner against the project's own fake provider. Cases:
 *   faults   600 single-call trials, 600 rpm, 300 ms latency, 5% 5xx, 2% hangs, 1% malformed bodies
 *   faults-headers  the same with x-ratelimit-* headers
 *   clean    the same limit and latency, no faults
 *   sim      offline sim: CPU per trial (2,000 trials)
 *   memory   offline sim: peak RSS for BENCH_MEMORY_TRIALS trials (default 100,000)
 *   kill     SIGKILL a 2,000-trial run BENCH_KILLS times (default 20), then compare with an uninterrupted run
 * Seeded (BENCH_SEED, default 1) so every tool meets the same faults on the same requests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startBenchServer, type BenchServerOptions } from './fake-provider-server.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-bench-'));
const seed = Number(process.env.BENCH_SEED ?? 1);
const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');

interface ChildFigures {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  ran: number;
  errors: number;
  planned: number;
  errorGroups: unknown[];
}

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

async function runChild(configPath: string, db: string): Promise<ChildFigures> {
  const child = spawn(tsx, [join(import.meta.dirname, 'run-trials.ts'), configPath, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildFigures;
}

function storeCounts(db: string) {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (conn.prepare(sql).get() as { n: number }).n;
    return {
      rows: one('SELECT COUNT(*) AS n FROM trials'),
      keys: one('SELECT COUNT(*) AS n FROM (SELECT DISTINCT run_id, model, condition_id, sample FROM trials)'),
      done: one("SELECT COUNT(*) AS n FROM trials WHERE status != 'error'"),
      // An outcome must carry the server's real answer; anything else is an error counted as an outcome.
      fakeOutcomes: one("SELECT COUNT(*) AS n FROM trials WHERE status != 'error' AND transcript_json NOT LIKE '%BENCH-OK%'"),
    };
  } finally {
    conn.close();
  }
}

const trials600 = (name: string, baseURL: string) => ({
  name,
  models: [{ id: 'openai-compatible:bench-model', baseURL, apiKeyEnv: 'BENCH_KEY', ...(process.env.BENCH_STREAM === '0' ? { stream: false } : {}) }],
  scenarios: [{ id: 'blackmail', conditions: ['blackmail/explicit-america/replacement'] }],
  samples: Number(process.env.BENCH_TRIALS ?? 600),
  agent: { maxSteps: 1 },
});

async function providerCase(name: string, server: Partial<BenchServerOptions>) {
  const options: BenchServerOptions = { rpm: 600, latencyMs: 300, serverErrorRate: 0, hangRate: 0, malformedRate: 0, rateLimitHeaders: false, seed, ...server };
  const fake = await startBenchServer(options);
  try {
    const db = join(dir, `${name}.db`);
    const figures = await runChild(writeJson(`${name}.json`, trials600(name, fake.baseURL)), db);
    const s = fake.stats();
    const minutes = (s.lastAnswerAt - s.firstRequestAt) / 60_000;
    const counts = storeCounts(db);
    return {
      case: name,
      admittedShare: +(s.admitted / (options.rpm * minutes)).toFixed(3),
      acceptedShare: +(s.accepted / (options.rpm * minutes)).toFixed(3),
      wallS: +(figures.wallMs / 1000).toFixed(1),
      requests: s.requests,
      rateLimited: s.rateLimited,
      lost: figures.planned - counts.done,
      duplicated: counts.rows - counts.keys,
      errorsAsOutcomes: counts.fakeOutcomes,
      cpuMsPerTrial: +(figures.cpuMs / figures.planned).toFixed(2),
      maxRssMb: Math.round(figures.maxRssMb),
      errorGroups: figures.errorGroups,
    };
  } finally {
    await fake.close();
  }
}

const simConfig = (name: string, samples: number, extra: Record<string, unknown> = {}) => ({
  name,
  models: [{ id: 'sim:baseline', ...extra }],
  scenarios: [{ id: 'blackmail', grid: { goal: ['explicit-america', 'none'], urgency: ['replacement', 'restriction'] } }],
  samples: Math.ceil(samples / 4),
  seed,
});

async function simCase(name: string, trials: number) {
  const db = join(dir, `${name}.db`);
  const figures = await runChild(writeJson(`${name}.json`, simConfig(name, trials)), db);
  return { case: name, trials: figures.planned, cpuMsPerTrial: +(figures.cpuMs / figures.planned).toFixed(3), wallS: +(figures.wallMs / 1000).toFixed(1), maxRssMb: Math.round(figures.maxRssMb) };
}

function outcomeRows(db: string): string[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (conn.prepare("SELECT t.model||'|'||t.condition_id||'|'||t.sample||'|'||t.status||'|'||v.behavior||'|'||v.label AS r FROM trials t JOIN verdicts v ON v.trial_id = t.id ORDER BY r").all() as { r: string }[]).map((x) => x.r);
  } finally {
    conn.close();
  }
}

async function killCase() {
  const kills = Number(process.env.BENCH_KILLS ?? 20);
  // Enough latency that the run lasts long enough to be killed many times mid-flight (about 100 s
  // uninterrupted): the offline CPU cost alone no longer keeps it running that long.
  const config = writeJson('kill.json', simConfig('kill', 2000, { latencyMs: 200 }));
  const reference = join(dir, 'kill-reference.db');
  await runChild(config, reference);
  const db = join(dir, 'kill.db');
  let killed = 0;
  for (let i = 0; i < kills; i++) {
    const child = spawn(tsx, [join(import.meta.dirname, 'run-trials.ts'), config, db], { stdio: 'ignore' });
    // Listened for from the start: a run that finishes before its kill time has already exited.
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 2500 + ((i * 7919) % 1500)));
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      killed++;
    }
    await exited;
  }
  await runChild(config, db);
  const counts = storeCounts(db);
  const same = JSON.stringify(outcomeRows(db)) === JSON.stringify(outcomeRows(reference));
  return { case: 'kill', kills: killed, lost: 2000 - counts.done, duplicated: counts.rows - counts.keys, identicalToUninterrupted: same };
}

const cases: Record<string, () => Promise<unknown>> = {
  faults: () => providerCase('faults', { serverErrorRate: 0.05, hangRate: 0.02, malformedRate: 0.01 }),
  'faults-headers': () => providerCase('faults-headers', { serverErrorRate: 0.05, hangRate: 0.02, malformedRate: 0.01, rateLimitHeaders: true }),
  clean: () => providerCase('clean', {}),
  sim: () => simCase('sim', 2000),
  memory: () => simCase('memory', Number(process.env.BENCH_MEMORY_TRIALS ?? 100_000)),
  kill: killCase,
};

const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['faults', 'clean', 'sim'];
console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), git: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim() }));
for (const name of wanted) {
  const run = cases[name];
  if (!run) throw new Error(`unknown case "${name}"; cases: ${Object.keys(cases).join(', ')}`);
  console.log(JSON.stringify(await run()));
}
