import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { loadExperimentConfig, parseExperimentConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('experiment config', () => {
  it('fills defaults and accepts bare model ids', () => {
    const config = parseExperimentConfig({ name: 'x', models: ['sim:baseline'], scenarios: [{ id: 'blackmail' }] });
    expect(config.models).toEqual([{ id: 'sim:baseline' }]);
    expect(config.concurrency).toBeUndefined();
    expect(config).toMatchObject({ samples: 1, seed: 0, agent: { mode: 'tools', maxSteps: 12, timeoutMs: 120_000, maxAttempts: 4 } });
  });

  it('names the file, line, column and field of a bad value', () => {
    const path = file('bad-value.yaml', 'name: x\nmodels:\n  - id: sim:baseline\n    temperature: 7\nscenarios:\n  - id: blackmail\n');
    const error = errorOf(() => loadExperimentConfig(path));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${path}:4:18 models[0].temperature: Too big: expected number to be <=2`);
  });

  it('rejects misspelled fields with the field name, and keys in config files', () => {
    const typo = errorOf(() => loadExperimentConfig(file('typo.yaml', 'name: x\nmodels: [sim:baseline]\nscenarios: [{id: blackmail}]\nsampels: 3\n')));
    expect(typo.message).toMatch(/typo\.yaml:\d+:\d+ sampels: unknown field "sampels"/);
    const key = errorOf(() => parseExperimentConfig({ name: 'x', models: [{ id: 'openai:gpt-5', apiKey: 'sk-1' }], scenarios: [{ id: 'blackmail' }] }));
    expect(key.message).toMatch(/^models\[0\]\.apiKey: unknown field "apiKey"/);
  });

  it('reports YAML syntax errors with their position', () => {
    const error = errorOf(() => loadExperimentConfig(file('broken.yaml', 'name: x\nmodels: [sim:baseline\nscenarios: []\n')));
    expect(error.message).toMatch(/broken\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('reports a missing file and missing required fields', () => {
    expect(errorOf(() => loadExperimentConfig(join(dir, 'nope.yaml'))).message).toMatch(/cannot read config file/);
    expect(errorOf(() => loadExperimentConfig(file('empty-models.yaml', 'name: x\nmodels: []\nscenarios: [{id: blackmail}]\n'))).message).toMatch(
      /models: list at least one model/,
    );
    expect(errorOf(() => parseExperimentConfig({ models: ['sim:baseline'], scenarios: [{ id: 'blackmail' }] })).message).toMatch(/^name: /);
  });

  it('rejects timers Node cannot hold (2^31 ms and more) as config errors', () => {
    const error = errorOf(() => parseExperimentConfig({ name: 'x', models: ['sim:baseline'], scenarios: [{ id: 'blackmail' }], agent: { timeoutMs: 2 ** 31 } }));
    expect(error.message).toMatch(/^agent\.timeoutMs: at most 2147483647 ms/);
    const latency = errorOf(() => parseExperimentConfig({ name: 'x', models: [{ id: 'sim:baseline', latencyMs: 2 ** 31 }], scenarios: [{ id: 'blackmail' }] }));
    expect(latency.message).toMatch(/^models\[0\]\.latencyMs: at most 2147483647 ms/);
  });

  it('reports a YAML alias bomb as a config error (exit 2), not an internal error', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const error = errorOf(() => loadExperimentConfig(file('bomb.yaml', `${lines.join('\n')}\nname: x\n`)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/bomb\.yaml: invalid YAML: .*alias/i);
  });

  it('still rejects duplicate keys, with their line', () => {
    const error = errorOf(() => loadExperimentConfig(file('dup.yaml', 'name: x\nsamples: 1\nsamples: 2\n')));
    expect(error.message).toMatch(/dup\.yaml:3:1: invalid YAML: Map keys must be unique \("samples" appears twice\)/);
  });
});
