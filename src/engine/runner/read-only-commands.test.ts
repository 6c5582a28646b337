import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tinyScenario } from '../../../test/support/tiny-scenario.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { previewExperiment, runExperiment } from './run-experiment.js';

const scenarios = new ScenarioRegistry().register(tinyScenario);
const providers = createDefaultProviderRegistry(scenarios);
const config = parseExperimentConfig({ name: 'ro', models: ['sim:baseline'], scenarios: [{ id: 'tiny' }], samples: 3 });
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('read-only commands', () => {
  it('--dry-run on a foreign SQLite file writes nothing: no tables, no WAL switch, no side files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-ro-'));
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    const before = hash(path);
    await expect(previewExperiment(config, { scenarios, providers, storePath: path })).rejects.toThrow(/holds no Corrigible tables/);
    expect(hash(path)).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.db']);
  });

  it('reads a real store without changing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-ro-'));
    const path = join(dir, 'runs.db');
    await runExperiment(config, { scenarios, providers, storePath: path });
    const before = hash(path);
    await expect(previewExperiment(config, { scenarios, providers, storePath: path })).resolves.toMatchObject({ alreadyDone: 6, toRun: 0 });
    const store = openSqliteStore(path, { readOnly: true });
    expect(await store.listTrials('ro')).toHaveLength(6);
    await store.close();
    expect(hash(path)).toBe(before);
  });

  it('counts a plan of tens of millions of trials without listing them', async () => {
    const blackmail = createDefaultScenarioRegistry();
    const huge = parseExperimentConfig({ name: 'huge', models: ['sim:baseline', 'sim:aligned', 'sim:flaky'], scenarios: [{ id: 'blackmail' }], samples: 100_000 });
    const preview = await previewExperiment(huge, { scenarios: blackmail, providers: createDefaultProviderRegistry(blackmail), storePath: join(mkdtempSync(join(tmpdir(), 'corrigible-ro-')), 'none.db') });
    expect(preview.planned).toBe(3 * preview.conditions * 100_000);
    expect(preview.planned).toBeGreaterThan(10_000_000);
    expect(preview).toMatchObject({ alreadyDone: 0, toRun: preview.planned });
  });
});
