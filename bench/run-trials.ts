/**
 * One benchmark run in its own process, so CPU time and peak RSS are the runner's alone:
 * `tsx bench/run-trials.ts <config.json> <db>`. Prints one JSON line with the figures.
 */
import { readFileSync } from 'node:fs';
import { parseExperimentConfig } from '../src/engine/config/load-config.js';
import { runExperiment } from '../src/engine/runner/run-experiment.js';

const [configPath, db] = process.argv.slice(2);
if (!configPath || !db) throw new Error('usage: tsx bench/run-trials.ts <config.json> <db>');
const config = parseExperimentConfig(JSON.parse(readFileSync(configPath, 'utf8')));
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await runExperiment(config, { storePath: db, env: { BENCH_KEY: 'bench-key' } });
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    wallMs: Math.round(performance.now() - started),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ran: result.ran,
    errors: result.errors,
    planned: result.planned,
    errorGroups: result.errorGroups,
  }),
);
