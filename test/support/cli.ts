import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./run-cli.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `corrigible <args>` from source and waits for it. */
export function runCli(args: readonly string[], cwd = root): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `corrigible <args>` from source without waiting (for kill tests). */
export function startCli(args: readonly string[], cwd = root): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}
