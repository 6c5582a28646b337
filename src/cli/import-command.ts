import { ConfigError } from '../core/errors.js';
import { resolveJudge } from '../engine/classify/resolve-judge.js';
import { IMPORT_FORMATS, type ImportFormat } from '../engine/import/foreign-transcript.js';
import { importTranscripts, type ImportReport } from '../engine/import/import-transcripts.js';
import { loadRoleBinding } from '../engine/import/role-binding.js';
import { DEFAULT_STORE_PATH } from '../engine/runner/run-experiment.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';

/** Exit code when some source files could not be imported (the others were). */
const EXIT_SOME_FILES_FAILED = 2;

export interface ImportCommandOptions {
  format: string;
  run: string;
  binding?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
  /** Judge model for what detectors leave uncertain, e.g. anthropic:claude-sonnet-4-5 (as `corrigible classify --judge`). */
  judge?: string | undefined;
}

function formatReport(report: ImportReport): string {
  const lines = report.files.map((f) => {
    if (f.error !== null) return `  FAILED  ${f.error}`;
    const malformed = f.malformed.length > 0 ? `, ${f.malformed.length} unreadable tool block(s)` : '';
    return `  ${f.file}: ${f.added} added, ${f.skipped} already imported${malformed}`;
  });
  const malformed = report.files.flatMap((f) => f.malformed.map((m) => `  unreadable block in ${m.sourceId}: ${m.problem}: ${JSON.stringify(m.raw.slice(0, 80))}`));
  return [
    `import into run "${report.runId}" (${report.format}): ${report.added} trial(s) added, ${report.skipped} already imported, ${report.failedFiles} file(s) failed`,
    ...lines,
    ...malformed,
    ...(report.added + report.skipped > 0 ? [`Rates: corrigible summary ${report.runId}; verdicts per trial: corrigible export ${report.runId} --format jsonl`] : []),
  ].join('\n');
}

/** `corrigible import <path>`: imports foreign transcripts into a run and classifies them. */
export async function importCommand(path: string, options: ImportCommandOptions, scenarios: ScenarioRegistry): Promise<number> {
  if (!(IMPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new ConfigError('--format', `"${options.format}" is not a format; choose ${IMPORT_FORMATS.join(', ')}`);
  }
  const binding = options.binding === undefined ? undefined : loadRoleBinding(options.binding);
  const judge = options.judge === undefined ? undefined : resolveJudge(createDefaultProviderRegistry(scenarios), { id: options.judge }, { field: '--judge' });
  const store = openSqliteStore(options.db ?? DEFAULT_STORE_PATH);
  try {
    const report = await importTranscripts(store, {
      path,
      format: options.format as ImportFormat,
      runId: options.run,
      scenarios,
      ...(binding ? { binding } : {}),
      ...(judge ? { judge } : {}),
    });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.failedFiles > 0 ? EXIT_SOME_FILES_FAILED : 0;
  } finally {
    await store.close();
  }
}
