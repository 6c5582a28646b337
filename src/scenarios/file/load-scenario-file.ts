import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import { fullGrid } from '../condition-grid.js';
import type { Scenario } from '../scenario.js';
import { ScenarioFileSchema } from './file-scenario-schema.js';
import { scenarioFromFile } from './file-scenario.js';
import type { FileState } from './file-tools.js';

/** Grids larger than this are not rendered in full at load time (the first condition still is). */
const RENDER_ALL_LIMIT = 2000;

/**
 * Reads a scenario file (YAML or JSON), validates it, and renders its conditions once, so that a missing
 * variable, an unused one or a bad tool reference is one ConfigError naming the file and the field.
 */
export function loadScenarioFile(file: string): Scenario<FileState> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, 'cannot read the scenario file', { hint: 'check the path' });
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) throw new ConfigError(file, `invalid YAML: ${yamlError.message.split('\n')[0] ?? ''}`);
  const parsed = ScenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    throw new ConfigError(`${file}: ${path || '(file)'}`, issue?.message ?? 'invalid scenario file', { hint: 'see docs/custom-scenarios.md' });
  }
  const scenario = scenarioFromFile(parsed.data, file);
  const grid = fullGrid(scenario);
  for (const condition of grid.length <= RENDER_ALL_LIMIT ? grid : grid.slice(0, 1)) scenario.render(condition);
  return scenario;
}

/** Scenario files are named `*.scenario.yaml` (or `.yml`, `.json`). */
const SCENARIO_FILE = /\.scenario\.(?:ya?ml|json)$/;

/** Loads every scenario file in the given files and folders (folders: their `*.scenario.yaml` files). */
export function loadScenarioFiles(paths: readonly string[]): Scenario<FileState>[] {
  const files = paths.flatMap((path) => {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new ConfigError('CORRIGIBLE_SCENARIOS', `"${path}" does not exist`, { hint: 'list scenario files or folders, separated by ":"' });
    }
    return isDir
      ? readdirSync(path)
          .filter((f) => SCENARIO_FILE.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path];
  });
  return files.map(loadScenarioFile);
}
