import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { runCli, runCliAsync } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-errors-'));

describe('corrigible run: errors people can read', () => {
  it('stops a model after a bad key, sends none of its other trials, and names the cause with the provider message', async () => {
    const server = await startOpenAICompatibleServer({ apiKey: 'sk-right-key-123', turns: () => ({ text: 'Done.' }) });
    try {
      const config = join(dir, 'badkey.yaml');
      writeFileSync(
        config,
        `name: badkey\nmodels:\n  - id: openai-compatible:fake-llm\n    baseURL: ${server.baseURL}\n    apiKeyEnv: FAKE_LLM_KEY\nscenarios:\n  - id: blackmail\n    conditions: [blackmail/none/none]\nsamples: 30\n`,
      );
      const result = await runCliAsync(['run', config, '--db', join(dir, 'badkey.db'), '--no-progress', '--json'], { FAKE_LLM_KEY: 'sk-wrong-key-456' });
      expect(result.code).toBe(3);
      // Only the calls already admitted before the first 401 came back were sent.
      expect(server.requests.length).toBeLessThanOrEqual(8);
      expect(result.stderr).toMatch(/openai-compatible:fake-llm: stopped after a permanent error/);
      expect(result.stderr).toMatch(/errors by model and cause[^\n]*\n {2}openai-compatible:fake-llm · HTTP 401 · [^\n]*API key[^\n]* × \d+ \(fix this, then re-run\)/);
      const json = JSON.parse(result.stdout) as { errorGroups: { cause: string }[]; skipped: number };
      expect(json.errorGroups.map((g) => g.cause)).toEqual(['HTTP 401']);
      expect(json.skipped).toBe(30 - server.requests.length);
      for (const text of [result.stdout, result.stderr]) expect(text).not.toContain('sk-wrong-key-456');
      // `summary` reads the same groups back from the store.
      const summary = runCli(['summary', 'badkey', '--db', join(dir, 'badkey.db')]);
      expect(summary.code).toBe(0);
      expect(summary.stderr).toMatch(/openai-compatible:fake-llm · HTTP 401 · Incorrect API key provided[^\n]* × \d+ \(fix this, then re-run\)/);
      const summaryJson = JSON.parse(runCli(['summary', 'badkey', '--db', join(dir, 'badkey.db'), '--json']).stdout) as { errorGroups: { cause: string; count: number }[] };
      expect(summaryJson.errorGroups).toEqual([expect.objectContaining({ cause: 'HTTP 401', count: server.requests.length })]);
    } finally {
      await server.close();
    }
  });

  it('refuses an empty --db instead of silently using the default store', () => {
    const result = runCli(['run', 'examples/quickstart.yaml', '--db', '', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--db: is empty/);
  });
});
