import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { ExperimentConfigSchema, type ExperimentConfig } from './experiment-config.js';

/** `models[0].temperature` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    return {
      path: [...issue.path, ...(issue.keys.length === 1 && issue.keys[0] ? [issue.keys[0]] : [])],
      problem: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove it or fix its spelling (see schema/experiment.schema.json)`,
    };
  }
  return { path: [...issue.path], problem: issue.message };
}

/**
 * Validates a config object. The first problem becomes one ConfigError naming the field; `locate` maps
 * a field path to a "file:line:col" prefix when the config came from a file.
 */
export function parseExperimentConfig(value: unknown, locate: (path: readonly PropertyKey[]) => string = () => ''): ExperimentConfig {
  const parsed = ExperimentConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  if (!first) throw new ConfigError('', 'invalid config');
  const { path, problem } = describeIssue(first);
  const where = locate(path);
  throw new ConfigError(`${where}${formatPath(path) || '(config)'}`, problem);
}

/** Reads and validates a YAML (or JSON) experiment file; errors carry file, line and column. */
export function loadExperimentConfig(file: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('', `cannot read config file "${file}"`, { hint: 'check the path' });
  }
  const lineCounter = new LineCounter();
  // yaml's own uniqueKeys check compares every key with every other (quadratic); ours is linear.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    const reason = yamlError.message.split('\n')[0] ?? 'invalid YAML';
    throw new ConfigError(`${file}:${pos.line}:${pos.col}`, `invalid YAML: ${reason}`);
  }
  checkDuplicateKeys(doc, file, lineCounter);
  const locate = (path: readonly PropertyKey[]): string => {
    // Point at the deepest node that exists, so a missing field points at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${file}:${pos.line}:${pos.col} `;
      }
    }
    return `${file}: `;
  };
  let value: unknown;
  try {
    // A config needs few aliases; a small cap turns an alias bomb into a config error, not a hang or crash.
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new ConfigError(file, `invalid YAML: ${error instanceof Error ? error.message : String(error)}`, { hint: 'expand the aliases (*name) by hand' });
  }
  return parseExperimentConfig(value, locate);
}

const MAX_ALIASES = 100;

function checkDuplicateKeys(doc: Document, file: string, lineCounter: LineCounter): void {
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const range = isScalar(pair.key) ? pair.key.range : undefined;
          const pos = range ? lineCounter.linePos(range[0]) : { line: 0, col: 0 };
          throw new ConfigError(`${file}:${pos.line}:${pos.col}`, `invalid YAML: Map keys must be unique ("${key}" appears twice)`);
        }
        seen.add(key);
      }
    },
  });
}
