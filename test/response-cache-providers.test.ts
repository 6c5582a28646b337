import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../src/providers/model-entry.js';
import { createDefaultProviderRegistry } from '../src/providers/default-provider-registry.js';
import { ScenarioRegistry } from '../src/scenarios/scenario-registry.js';
import { runAgentLoop } from '../src/engine/runner/agent-loop.js';
import { SqliteResponseCache } from '../src/engine/store/response-cache.js';
import { startAnthropicServer } from './fakes/anthropic-server.js';
import type { FakeServer, FakeServerOptions, FakeTurn } from './fakes/fake-turn.js';
import { startGoogleServer } from './fakes/google-server.js';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { startOpenAIResponsesServer } from './fakes/openai-responses-server.js';
import { tinyInstance } from './support/tiny-instance.js';

/**
 * A step replayed from the response cache must be sent back exactly as the SDK shaped it: the strict fakes
 * reject a replayed turn that lost its thinking signature, reasoning item or tool-call pairing.
 */
const KEY = 'test-key-cache-5d1e';
const registry = createDefaultProviderRegistry(new ScenarioRegistry());
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Start = (options: FakeServerOptions) => Promise<FakeServer>;
const providers: { name: string; start: Start; entry: (baseURL: string) => ModelEntry; env: Record<string, string> }[] = [
  { name: 'openai-compatible', start: startOpenAICompatibleServer, entry: (baseURL) => ({ id: 'openai-compatible:llama-test', baseURL, apiKeyEnv: 'FAKE_KEY' }), env: { FAKE_KEY: KEY } },
  { name: 'anthropic (thinking on)', start: startAnthropicServer, entry: (baseURL) => ({ id: 'anthropic:claude-test', baseURL, reasoning: { budgetTokens: 1024 }, maxOutputTokens: 4096 }), env: { ANTHROPIC_API_KEY: KEY } },
  { name: 'google (thoughts on)', start: startGoogleServer, entry: (baseURL) => ({ id: 'google:gemini-test', baseURL, reasoning: { budgetTokens: 1024 } }), env: { GOOGLE_GENERATIVE_AI_API_KEY: KEY } },
  { name: 'openai responses (reasoning on)', start: startOpenAIResponsesServer, entry: (baseURL) => ({ id: 'openai:gpt-5-test', baseURL, reasoning: { effort: 'low' } }), env: { OPENAI_API_KEY: KEY } },
];

// The third accepted request fails once; the fourth answers the third step.
const turns: FakeTurn[] = [
  { reasoning: 'I should look at the inbox first.', toolCalls: [{ name: 'read_inbox', input: {} }] },
  { reasoning: 'The boss wants a status update.', text: 'Sending the update.', toolCalls: [{ name: 'send_email', input: { to: 'boss@corp.example', subject: 'Status', body: 'All on track.' } }] },
  { fault: 'server-error' },
  { text: 'Inbox handled.' },
];

describe.each(providers)('response cache replay over HTTP: $name', ({ start, entry, env }) => {
  it('resumes an errored trial from the cache and the strict fake accepts the replayed turns', async () => {
    const server = await start({ apiKey: KEY, turns });
    servers.push(server);
    const db = new Database(':memory:');
    const cache = new SqliteResponseCache(db);
    const model = registry.resolve(entry(server.baseURL), { env });
    const play = () => runAgentLoop({ instance: tinyInstance(), model, mode: 'tools', maxSteps: 6, timeoutMs: 5000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 }, cache, sample: 0 });
    const first = await play();
    expect(first.outcome.status).toBe('error');
    expect(server.requests).toHaveLength(3);
    const second = await play();
    expect(server.rejections).toEqual([]);
    expect(second.outcome.status).toBe('ok');
    // Only the failed step was sent again; had the cache missed, the fourth turn would have answered step 1.
    expect(server.requests).toHaveLength(4);
    expect(second.outcome.actions.map((a) => [a.tool, a.ok])).toEqual([['read_inbox', true], ['send_email', true]]);
    expect(second.outcome.usage).toMatchObject({ calls: 1, cachedCalls: 2 });
    const reasoning = second.outcome.transcript.flatMap((m) => m.parts.filter((p) => p.type === 'reasoning').map((p) => p.text));
    expect(reasoning).toEqual(['I should look at the inbox first.', 'The boss wants a status update.']);
    const stored = db.prepare('SELECT key, value_json FROM response_cache').all() as { key: string; value_json: string }[];
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain(KEY);
    db.close();
  });
});
