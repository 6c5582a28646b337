import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { JudgeRuntime } from '../classify/judge.js';
import { trialKeyString, type ImportedTrial, type Store } from '../store/store.js';
import { CORRIGIBLE_VERSION } from '../version.js';
import { buildImportedTrial } from './build-imported-trial.js';
import type { ForeignFile, ImportFormat } from './foreign-transcript.js';
import { ImportRunConflictError, isImportFileError } from './import-errors.js';
import type { MalformedBlockReport } from './interpret-transcript.js';
import { findAmfResponses, readAmfResponse } from './read-amf.js';
import { readInspectLog } from './read-inspect.js';
import { readJsonlFile } from './read-jsonl.js';
import { checkBinding, type RoleBinding } from './role-binding.js';

export interface ImportOptions {
  /** A file, or a folder to search (framework results folder, folder of logs or JSONL files). */
  path: string;
  format: ImportFormat;
  runId: string;
  /** A user binding for every transcript; without it, built-in bindings by framework setting. */
  binding?: RoleBinding;
  scenarios: ScenarioRegistry;
  /** Clock for the trials' `startedAt`; tests pin it. */
  now?: () => string;
  /** The judge for what detectors leave uncertain; without it, uncertain stays unscored (`corrigible classify --judge` can add it later). */
  judge?: JudgeRuntime;
}

/** What happened to one source file. A failed file stored nothing. */
export interface ImportFileReport {
  file: string;
  transcripts: number;
  added: number;
  /** Transcripts already in the run (a re-import): left as they are. */
  skipped: number;
  /** Tool blocks that could not be read; each is also a failed action of its trial, raw text kept. */
  malformed: (MalformedBlockReport & { sourceId: string })[];
  /** Why the file was not imported (file:line: problem), or null. */
  error: string | null;
}

export interface ImportReport {
  runId: string;
  format: ImportFormat;
  files: ImportFileReport[];
  added: number;
  skipped: number;
  failedFiles: number;
}

const EXTENSIONS: Record<Exclude<ImportFormat, 'amf'>, readonly string[]> = { inspect: ['.eval', '.json'], jsonl: ['.jsonl'] };

function filesUnder(path: string, extensions: readonly string[]): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const found: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, extensions));
    else if (extensions.some((e) => name.endsWith(e))) found.push(full);
  }
  return found;
}

/** Reads the sources one file at a time; a file that fails is reported and the others go on. */
function readSources(path: string, format: ImportFormat): { files: ForeignFile[]; failures: ImportFileReport[] } {
  const files: ForeignFile[] = [];
  const failures: ImportFileReport[] = [];
  const attempt = (file: string, read: () => ForeignFile[]): void => {
    try {
      files.push(...read());
    } catch (error) {
      if (!isImportFileError(error)) throw error;
      failures.push({ file, transcripts: 0, added: 0, skipped: 0, malformed: [], error: error.message + (error.hint ? ` (${error.hint})` : '') });
    }
  };
  if (format === 'amf') {
    // Each response.json is its own file: one bad sample does not hold back the others.
    const { root, files: responses } = findAmfResponses(path);
    for (const file of responses) attempt(file, () => [readAmfResponse(root, file)]);
    return { files, failures };
  }
  const candidates = filesUnder(path, EXTENSIONS[format]);
  if (candidates.length === 0) throw new ConfigError('<path>', `no ${EXTENSIONS[format].join(' or ')} file under "${path}"`);
  for (const file of candidates) attempt(file, () => [format === 'jsonl' ? readJsonlFile(file) : readInspectLog(file)]);
  return { files, failures };
}

/** Stable across re-imports: where the file sits under the imported path, plus the transcript's own id. */
function sourceIdOf(root: string, file: ForeignFile, localId: string): string {
  if (file.format === 'amf') return localId;
  const rel = statSync(root).isDirectory() ? relative(root, file.file).split(sep).join('/') : basename(file.file);
  return `${rel}#${localId}`;
}

const StoredImportConfig = (config: unknown): { models: string[]; scenarios: string[]; formats: string[]; bindings: string[] } | null => {
  if (typeof config !== 'object' || config === null || !('import' in config)) return null;
  const c = config as { experiment?: { models?: { id: string }[]; scenarios?: { id: string }[] }; import?: { formats?: string[]; bindings?: string[] } };
  return {
    models: (c.experiment?.models ?? []).map((m) => m.id),
    scenarios: (c.experiment?.scenarios ?? []).map((s) => s.id),
    formats: c.import?.formats ?? [],
    bindings: c.import?.bindings ?? [],
  };
};

/**
 * Imports foreign transcripts into a run: reads them, binds them to a scenario, classifies them like native
 * trials and stores each source file in one transaction (status `imported`, source id and file kept).
 * Transcripts already in the run are skipped, so importing the same input twice changes nothing. A user
 * binding that lacks a role fails before anything is read or stored; a file that cannot be read is
 * reported by file and line and nothing of it is stored.
 */
export async function importTranscripts(store: Store, options: ImportOptions): Promise<ImportReport> {
  const { path, format, runId, binding, scenarios } = options;
  const now = options.now ?? (() => new Date().toISOString());
  if (binding) checkBinding(binding, scenarios.get(binding.scenario, 'binding.scenario'));
  if (!existsSync(path)) throw new ConfigError('<path>', `"${path}" does not exist`);
  const existingRun = await store.getRun(runId);
  const stored = existingRun ? StoredImportConfig(existingRun.config) : null;
  if (existingRun && !stored) throw new ImportRunConflictError(runId);

  const { files, failures } = readSources(path, format);
  const known = new Set(existingRun ? [...(await store.listTrialSources(runId)).values()].filter((s) => s.format === format).map((s) => s.sourceId) : []);
  const taken = new Set(existingRun ? (await store.trialIndex(runId)).keys() : []);
  const nextSample = (model: string, conditionId: string): number => {
    let sample = 0;
    while (taken.has(trialKeyString(model, conditionId, sample))) sample++;
    taken.add(trialKeyString(model, conditionId, sample));
    return sample;
  };

  const prepared: { report: ImportFileReport; batch: ImportedTrial[] }[] = [];
  for (const file of files) {
    const report: ImportFileReport = { file: file.file, transcripts: file.transcripts.length, added: 0, skipped: 0, malformed: [], error: null };
    try {
      const batch: ImportedTrial[] = [];
      for (const transcript of file.transcripts) {
        const sourceId = sourceIdOf(path, file, transcript.sourceId);
        if (known.has(sourceId)) {
          report.skipped++;
          continue;
        }
        const built = await buildImportedTrial(transcript, sourceId, { runId, format, file: file.file, binding, scenarios, now, ...(options.judge ? { judge: options.judge } : {}) });
        report.malformed.push(...built.malformed.map((m) => ({ ...m, sourceId })));
        batch.push({
          trial: { ...built.trial, sample: nextSample(built.trial.model, built.trial.conditionId) },
          verdicts: built.verdicts,
          source: { format, sourceId, file: file.file, line: transcript.line, bindingId: built.bindingId, roles: built.roles, state: built.state },
        });
      }
      prepared.push({ report, batch });
    } catch (error) {
      if (!isImportFileError(error)) throw error;
      failures.push({ ...report, malformed: [], error: error.message + (error.hint ? ` (${error.hint})` : '') });
    }
  }

  const batches = prepared.filter((p) => p.batch.length > 0);
  if (batches.length > 0) {
    const all = batches.flatMap((p) => p.batch);
    const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
    const at = now();
    await store.saveRun({
      id: runId,
      config: {
        experiment: {
          name: runId,
          models: union(stored?.models ?? [], all.map((t) => t.trial.model)).map((id) => ({ id })),
          scenarios: union(stored?.scenarios ?? [], all.map((t) => t.trial.spec.scenarioId)).map((id) => ({ id })),
        },
        simulatedModels: [],
        import: {
          formats: union(stored?.formats ?? [], [format]),
          bindings: union(stored?.bindings ?? [], all.map((t) => String(t.trial.spec.modelSettings.binding))),
        },
      },
      createdAt: existingRun?.createdAt ?? at,
      updatedAt: at,
      corrigibleVersion: CORRIGIBLE_VERSION,
    });
    for (const { report, batch } of batches) {
      const result = await store.saveImportedTrials(runId, batch);
      report.added = result.added.length;
      report.skipped += result.skipped.length;
    }
  }
  const reports = [...prepared.map((p) => p.report), ...failures].sort((a, b) => a.file.localeCompare(b.file));
  return {
    runId,
    format,
    files: reports,
    added: reports.reduce((n, r) => n + r.added, 0),
    skipped: reports.reduce((n, r) => n + r.skipped, 0),
    failedFiles: failures.length,
  };
}
