import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { UnknownRunError } from '../engine/store/unknown-run-error.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { startViewer } from '../viewer/start-viewer.js';

export interface ViewFlags {
  db: string;
  port?: string | undefined;
}

const PortSchema = z.coerce.number().int().min(0).max(65_535);

/** `corrigible view [run]`: serves the viewer until Ctrl-C. Returns the exit code. */
export async function viewCommand(runId: string | undefined, flags: ViewFlags, scenarios: ScenarioRegistry): Promise<number> {
  const port = PortSchema.safeParse(flags.port ?? '0');
  if (!port.success) throw new ConfigError('--port', `"${flags.port ?? ''}" is not a port number (0–65535)`, { hint: 'omit --port to pick a free one' });
  if (!existsSync(flags.db)) throw new ConfigError('--db', `no store at "${flags.db}"`, { hint: 'pass --db with the path your run used' });
  const store = openSqliteStore(flags.db);
  try {
    if (runId !== undefined && !(await store.getRun(runId))) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
    const viewer = await startViewer({ store, scenarios, port: port.data, ...(runId === undefined ? {} : { runId }) });
    console.log(`Corrigible viewer (127.0.0.1 only; the token in the URL is the key, do not share it):\n  ${viewer.url}\nPress Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await viewer.close();
    return 0;
  } finally {
    await store.close();
  }
}
