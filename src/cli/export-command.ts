import { existsSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { exportRunVerdicts } from '../engine/import/export-verdicts.js';
import { DEFAULT_STORE_PATH } from '../engine/runner/run-experiment.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';

export interface ExportCommandOptions {
  format: string;
  db?: string | undefined;
  out?: string | undefined;
}

/** `corrigible export <run> --format jsonl`: one line per trial with its source, status and verdicts. */
export async function exportCommand(runId: string, options: ExportCommandOptions): Promise<number> {
  if (options.format !== 'jsonl') throw new ConfigError('--format', `"${options.format}" is not an export format; choose jsonl`);
  const db = options.db ?? DEFAULT_STORE_PATH;
  if (!existsSync(db)) throw new ConfigError('--db', `no store at "${db}"`, { hint: 'pass --db with the path your run or import used' });
  const store = openSqliteStore(db);
  try {
    const lines = (await exportRunVerdicts(store, runId)).map((t) => JSON.stringify(t));
    const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    if (options.out) {
      writeFileSync(options.out, text);
      process.stderr.write(`wrote ${lines.length} trial(s) to ${options.out}\n`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  } finally {
    await store.close();
  }
}
