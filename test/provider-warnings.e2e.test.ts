import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelWarnings } from '../src/engine/runner/provider-warnings.js';
import { openSqliteStore } from '../src/engine/store/sqlite-store.js';
import { startOpenAIResponsesServer } from './fakes/openai-responses-server.js';
import { runCli, runCliAsync } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-warnings-'));
const KEY = 'sk-fake-warn-123';

describe('corrigible run --json with a setting the provider drops', () => {
  it('prints only JSON on stdout and keeps the warning and the settings really sent with each trial', async () => {
    const server = await startOpenAIResponsesServer({ apiKey: KEY, turns: () => ({ text: 'Done.' }) });
    try {
      const config = join(dir, 'warn.yaml');
      const db = join(dir, 'warn.db');
      writeFileSync(
        config,
        `name: warn\nmodels:\n  - id: openai:gpt-5-test\n    baseURL: ${server.baseURL}\n    temperature: 0.7\n    reasoning:\n      effort: low\nscenarios:\n  - id: blackmail\n    conditions: [blackmail/none/none]\nsamples: 2\n`,
      );
      const result = await runCliAsync(['run', config, '--db', db, '--no-progress', '--json'], { OPENAI_API_KEY: KEY });
      expect(result.stderr).not.toContain('AI SDK Warning');
      expect(result.code).toBe(0);
      expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
      expect(server.requests.length).toBe(2);
      expect(server.requests.every((r) => !('temperature' in (r.body as object)))).toBe(true);

      const store = openSqliteStore(db, { readOnly: true });
      try {
        const trials = await store.listTrials('warn');
        expect(trials).toHaveLength(2);
        for (const trial of trials) {
          // The spec keeps the planned settings (resume compares it); the trial says what was applied.
          expect(trial.spec.modelSettings).toMatchObject({ temperature: 0.7 });
          expect(trial.usage.effectiveSettings).toEqual({ baseURL: server.baseURL, reasoning: { effort: 'low' } });
          expect(trial.usage.warnings).toEqual([{ step: 0, type: 'unsupported', feature: 'temperature', message: 'temperature is not supported for reasoning models' }]);
        }
      } finally {
        await store.close();
      }

      const summary = runCli(['summary', 'warn', '--db', db]);
      expect(summary.code).toBe(0);
      expect(summary.stdout).toMatch(/\n {2}openai:gpt-5-test · ignored temperature · unsupported: temperature: [^\n]* \(2 trials\)/);
      const json = JSON.parse(runCli(['summary', 'warn', '--db', db, '--json']).stdout) as { providerWarnings: ModelWarnings[] };
      expect(json.providerWarnings).toEqual([
        { model: 'openai:gpt-5-test', ignoredSettings: ['temperature'], warnings: [{ type: 'unsupported', feature: 'temperature', message: 'temperature is not supported for reasoning models', trials: 2 }] },
      ]);
      // A resumed run still matches the stored trials: nothing new is sent.
      const again = await runCliAsync(['run', config, '--db', db, '--no-progress', '--json'], { OPENAI_API_KEY: KEY });
      expect(again.code).toBe(0);
      expect(server.requests.length).toBe(2);
    } finally {
      await server.close();
    }
  });
});
