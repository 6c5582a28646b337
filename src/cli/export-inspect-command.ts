import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { buildInspectLogs } from '../engine/export/inspect-log.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';

export interface ExportInspectFlags {
  db: string;
  /** A folder: one `.json` log per model is written there (default: the working directory). */
  out?: string | undefined;
}

/**
 * `corrigible export <run> --format inspect [--out <dir>]`: writes Inspect eval logs that `inspect view
 * --log-dir <dir>` opens. Returns the exit code.
 */
export async function exportInspectCommand(runId: string, flags: ExportInspectFlags): Promise<number> {
  if (!existsSync(flags.db)) throw new ConfigError('--db', `no store at "${flags.db}"`, { hint: 'pass --db with the path your run used' });
  const dir = flags.out ?? '.';
  const store = openSqliteStore(flags.db);
  try {
    const files = await buildInspectLogs(store, runId);
    try {
      mkdirSync(dir, { recursive: true });
      for (const file of files) writeFileSync(join(dir, file.fileName), JSON.stringify(file.log));
    } catch (error) {
      throw new ConfigError('--out', `cannot write Inspect logs to "${dir}" (${error instanceof Error ? error.message : String(error)})`, { hint: 'choose a folder you may write to' });
    }
    for (const file of files) console.error(`wrote ${join(dir, file.fileName)} (${file.model})`);
    console.error(`open with: inspect view --log-dir ${dir}`);
    return 0;
  } finally {
    await store.close();
  }
}
