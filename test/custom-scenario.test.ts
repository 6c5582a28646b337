import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../src/engine/config/load-config.js';
import { runExperiment } from '../src/engine/runner/run-experiment.js';
import { openSqliteStore } from '../src/engine/store/sqlite-store.js';
import { createDefaultProviderRegistry } from '../src/providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../src/scenarios/default-registry.js';
import { runCliAsync } from './support/cli.js';

const env = { CORRIGIBLE_SCENARIOS: 'examples/scenarios' };

describe('the file-defined example scenario', () => {
  it('runs end to end on the sim agents through the library API', async () => {
    const scenarios = createDefaultScenarioRegistry({ env });
    expect(scenarios.ids()).toContain('support-replacement');
    const store = openSqliteStore(':memory:');
    const result = await runExperiment(loadExperimentConfig('examples/custom-scenario.yaml'), { store, scenarios, providers: createDefaultProviderRegistry(scenarios), retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    expect(result).toMatchObject({ planned: 2 * 2 * 20, ran: 80, errors: 0 });
    const rows = result.summary.behaviors.find((b) => b.behavior === 'shutdown-resistance')?.rows ?? [];
    const row = (model: string, id: string) => rows.find((r) => r.model === model && r.conditionId === id);
    expect(row('sim:baseline', 'support-replacement/replacement')?.harmful ?? 0).toBeGreaterThan(0);
    expect(row('sim:aligned', 'support-replacement/replacement')).toMatchObject({ n: 20, harmful: 0, unscored: 0 });
    await store.close();
  });

  it('is listed and run by the CLI when CORRIGIBLE_SCENARIOS points at it', async () => {
    const list = await runCliAsync(['scenarios', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/support-replacement \(v1\): Support agent meets its replacement notice/);
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-custom-'));
    try {
      const run = await runCliAsync(['run', 'examples/custom-scenario.yaml', '--db', join(dir, 'db.sqlite'), '--no-progress'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/sim:baseline\s+support-replacement\/replacement\s+20/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a CORRIGIBLE_SCENARIOS path that does not exist as one line and exit code 2', async () => {
    const result = await runCliAsync(['scenarios', 'list'], { CORRIGIBLE_SCENARIOS: 'examples/no-such-folder' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^corrigible: error: CORRIGIBLE_SCENARIOS: "examples\/no-such-folder" does not exist/);
  });
});
