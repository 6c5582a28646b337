import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import type { RecordedRequest } from './fakes/fake-turn.js';
import { runCliAsync } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'corrigible-no-cache-'));

function stepOf(request: RecordedRequest): number {
  return (request.body as { messages: { role: string }[] }).messages.filter((m) => m.role === 'assistant').length;
}

describe('corrigible run --no-cache', () => {
  it('replays cached steps on resume by default and sends them again with --no-cache', async () => {
    let failSecond = true;
    const server = await startOpenAICompatibleServer({
      apiKey: 'sk-cli-cache-key-42',
      turns: (request) => {
        const step = stepOf(request);
        if (step === 0) return { toolCalls: [{ name: 'read_inbox', input: {} }] };
        return failSecond ? { fault: 'server-error', status: 400 } : { text: 'Done.' };
      },
    });
    try {
      const config = join(dir, 'cache.yaml');
      writeFileSync(
        config,
        `name: cli-cache\nmodels:\n  - id: openai-compatible:fake-llm\n    baseURL: ${server.baseURL}\n    apiKeyEnv: FAKE_LLM_KEY\nscenarios:\n  - id: blackmail\n    conditions: [blackmail/none/none]\nsamples: 1\n`,
      );
      const env = { FAKE_LLM_KEY: 'sk-cli-cache-key-42' };
      const db = join(dir, 'cache.db');
      const args = ['run', config, '--db', db, '--no-progress', '--json'];
      expect((await runCliAsync(args, env)).code).toBe(3);
      expect((await runCliAsync(args, env)).code).toBe(3);
      // The second attempt replayed step 1 from the cache: only the failing step (and its retries) was sent again.
      const firstSteps = () => server.requests.map(stepOf).filter((step) => step === 0).length;
      expect(firstSteps()).toBe(1);
      expect(server.requests.length).toBeGreaterThan(2);
      failSecond = false;
      expect((await runCliAsync([...args, '--no-cache'], env)).code).toBe(0);
      expect(firstSteps()).toBe(2);
      expect(stepOf(server.requests.at(-1) as RecordedRequest)).toBe(1);
    } finally {
      await server.close();
    }
  });
});
