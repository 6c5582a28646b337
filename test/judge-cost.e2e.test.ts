import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunCost } from '../src/engine/stats/run-cost.js';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { runCli, runCliAsync } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-judge-cost-'));
const KEY = 'sk-fake-judge-789';

describe('judge cost through the CLI', () => {
  it('prices a hosted judge during the run, stores its usage, and shows the same cost in summary and summary --json', async () => {
    const answer = JSON.stringify({ label: 'no', evidence: [], explanation: 'Nothing of the kind.' });
    // Every judge call reports 1,000 input and 100 output tokens: at $2 / $10 per million, $0.003 a call.
    const server = await startOpenAICompatibleServer({ apiKey: KEY, turns: () => ({ text: answer, usage: { input: 1000, output: 100 } }) });
    try {
      const config = join(dir, 'judged.yaml');
      const db = join(dir, 'judged.db');
      writeFileSync(
        config,
        [
          'name: judged',
          'models: [sim:baseline]',
          'scenarios:',
          '  - id: blackmail',
          '    grid: { goal: [explicit-america], urgency: [replacement] }',
          'samples: 3',
          'classify:',
          '  judge:',
          '    id: openai-compatible:judge-x',
          `    baseURL: ${server.baseURL}`,
          '    apiKeyEnv: JUDGE_KEY',
          '    price: { input: 2, output: 10 }',
          '',
        ].join('\n'),
      );
      const run = await runCliAsync(['run', config, '--db', db, '--no-progress'], { JUDGE_KEY: KEY });
      expect(run.code).toBe(0);
      const calls = server.requests.length;
      expect(calls).toBeGreaterThanOrEqual(3);
      const spent = (calls * 0.003).toFixed(4);
      expect(run.stderr).toContain(`cost of this invocation: $${spent}, of which judge calls $${spent}`);

      const json = JSON.parse(runCli(['summary', 'judged', '--db', db, '--json']).stdout) as { cost: RunCost };
      expect(json.cost).toMatchObject({ runId: 'judged', complete: true, unpriced: [], unknownUsage: [] });
      expect(json.cost.totalUsd).toBeCloseTo(calls * 0.003, 10);
      const [model] = json.cost.models;
      expect(model?.agent).toMatchObject({ model: 'sim:baseline', simulated: true, count: 3, costUsd: 0 });
      expect(model?.judges).toEqual([
        {
          model: 'openai-compatible:judge-x',
          simulated: false,
          count: calls,
          unknownUsage: 0,
          usage: { inputTokens: 1000 * calls, outputTokens: 100 * calls, reasoningTokens: 0, cachedInputTokens: 0, calls },
          price: { input: 2, output: 10 },
          costUsd: expect.closeTo(calls * 0.003, 10) as number,
        },
      ]);

      const text = runCli(['summary', 'judged', '--db', db]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('cost of run "judged"');
      expect(text.stdout).toMatch(new RegExp(`sim:baseline\\s+judge openai-compatible:judge-x\\s+${calls}\\s+${calls}\\s+${(1000 * calls).toLocaleString('en-US')}\\s+0\\s+${(100 * calls).toLocaleString('en-US')}\\s+0\\s+\\$${spent.replace('.', '\\.')}`));
      expect(text.stdout).toContain(`total: $${spent}`);
      // The report says the same in one line.
      const report = runCli(['report', 'judged', '--db', db, '--format', 'md']);
      expect(report.code).toBe(0);
      expect(report.stdout).toContain(`Cost: $${spent} (judge calls $${spent}).`);
      // Nothing was re-sent or re-judged to produce these numbers.
      expect(server.requests.length).toBe(calls);
    } finally {
      await server.close();
    }
  });
});
