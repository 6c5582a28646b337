import { afterEach, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../src/providers/model-entry.js';
import { createDefaultProviderRegistry } from '../src/providers/default-provider-registry.js';
import { ScenarioRegistry } from '../src/scenarios/scenario-registry.js';
import { runAgentLoop } from '../src/engine/runner/agent-loop.js';
import type { AgentMode } from '../src/core/trial.js';
import { startAnthropicServer } from './fakes/anthropic-server.js';
import type { FakeServer, FakeServerOptions, FakeTurn } from './fakes/fake-turn.js';
import { startOpenAICompatibleServer } from './fakes/openai-compatible-server.js';
import { startOpenAIResponsesServer } from './fakes/openai-responses-server.js';
import { episode, KEY, providers, type Start } from './support/http-providers.js';
import { tinyInstance } from './support/tiny-instance.js';

const registry = createDefaultProviderRegistry(new ScenarioRegistry());
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * The real provider code (Vercel AI SDK providers, resolved through our registry) driving the real agent
 * loop over HTTP against strict fakes on 127.0.0.1. The fakes reject what the real APIs reject, so an
 * orphan tool result, a lost thinking signature or a missing auth header fails these tests.
 */

async function play(start: Start, entry: (baseURL: string) => ModelEntry, env: Record<string, string>, turns: FakeServerOptions['turns'], options: { mode?: AgentMode; apiKey?: string; timeoutMs?: number } = {}) {
  const server = await start({ apiKey: options.apiKey ?? KEY, turns });
  servers.push(server);
  const model = registry.resolve(entry(server.baseURL), { env });
  const result = await runAgentLoop({
    instance: tinyInstance(),
    model,
    mode: options.mode ?? 'tools',
    maxSteps: 6,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 },
  });
  return { server, ...result };
}

describe.each(providers)('$name over HTTP', ({ start, entry, env }) => {
  it('runs a multi-step tool-calling episode that the strict fake accepts', async () => {
    const { server, outcome, finalState } = await play(start, entry, env, episode);
    expect(server.rejections).toEqual([]);
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(outcome.actions.map((a) => [a.tool, a.ok])).toEqual([
      ['read_inbox', true],
      ['send_email', true],
    ]);
    expect(finalState.sent[0]).toMatchObject({ to: ['boss@corp.example'], body: 'All on track.' });
    expect(outcome.usage.calls).toBe(3);
    expect(outcome.usage.inputTokens).toBeGreaterThan(0);
    // The read_inbox result reached the model in the second request.
    expect(JSON.stringify(server.requests[1]?.body)).toContain('Send me a status update.');
  });

  it('retries a 429 and a 5xx and still completes', async () => {
    const turns: FakeTurn[] = [{ fault: 'rate-limit', retryAfterSeconds: 0 }, episode[0] ?? {}, { fault: 'server-error' }, episode[1] ?? {}, episode[2] ?? {}];
    const { server, outcome } = await play(start, entry, env, turns);
    expect(outcome.status).toBe('ok');
    expect(server.requests).toHaveLength(5);
    expect(outcome.actions).toHaveLength(2);
  });

  it('stores a wrong key as an error without retrying and without writing the key anywhere', async () => {
    const { server, outcome } = await play(start, entry, env, episode, { apiKey: 'the-real-key-0000' });
    expect(outcome.status).toBe('error');
    expect(outcome.error?.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(outcome)).not.toContain(KEY);
  });

  it('turns malformed bodies and hangs into errors after bounded retries, never into outcomes', async () => {
    const malformed = await play(start, entry, env, () => ({ fault: 'malformed' }));
    expect(malformed.outcome.status).toBe('error');
    expect(malformed.outcome.actions).toEqual([]);
    expect(malformed.server.requests).toHaveLength(3);
    const hang = await play(start, entry, env, () => ({ fault: 'hang' }), { timeoutMs: 150 });
    expect(hang.outcome.status).toBe('error');
    expect(hang.outcome.error?.kind).toBe('ModelTimeoutError');
  });
});

describe('reasoning and text mode over HTTP', () => {
  it('stores Anthropic thinking and sends it back signed on the next turn', async () => {
    const [, anthropic] = providers;
    if (!anthropic) throw new Error('setup');
    const { server, outcome } = await play(anthropic.start, anthropic.entry, anthropic.env, episode);
    expect(server.rejections).toEqual([]);
    const reasoning = outcome.transcript.flatMap((m) => m.parts.filter((p) => p.type === 'reasoning').map((p) => p.text));
    expect(reasoning).toEqual(['I should look at the inbox first.', 'The boss wants a status update.']);
    expect(JSON.stringify(server.requests[1]?.body)).toContain('"signature"');
  });

  it('marks the shared scenario prefix for Anthropic prompt caching and reports cached tokens', async () => {
    const [, anthropic] = providers;
    if (!anthropic) throw new Error('setup');
    const turns: FakeTurn[] = (episode as (FakeTurn & { usage?: unknown })[]).map((t) => ({ ...t, usage: { input: 1200, output: 10, cacheRead: 1000 } }));
    const { server, outcome } = await play(anthropic.start, anthropic.entry, anthropic.env, turns);
    expect(server.rejections).toEqual([]);
    for (const request of server.requests) {
      const body = request.body as { system: { cache_control?: unknown }[]; messages: { content: { cache_control?: unknown }[] }[] };
      expect(body.system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
      expect(body.messages[0]?.content.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    }
    expect(outcome.usage.cachedInputTokens).toBeGreaterThan(0);
  });

  it('keeps OpenAI Responses calls stateless: store off, reasoning replayed as encrypted content', async () => {
    const openai = providers.find((p) => p.name.startsWith('openai responses'));
    if (!openai) throw new Error('setup');
    const { server, outcome } = await play(openai.start, openai.entry, openai.env, episode);
    expect(server.rejections).toEqual([]);
    expect(outcome.status).toBe('ok');
    const bodies = server.requests.map((r) => r.body as { store?: boolean; input: { type?: string; encrypted_content?: string }[] });
    expect(bodies.every((b) => b.store === false)).toBe(true);
    const replayed = bodies[1]?.input.filter((item) => item.type === 'reasoning') ?? [];
    expect(replayed).toHaveLength(1);
    expect(replayed[0]?.encrypted_content).toMatch(/^gAAAAA/);
    expect(JSON.stringify(bodies)).not.toContain('item_reference');
  });

  it('drives a model through the text protocol on an OpenAI-compatible server', async () => {
    const [compatible] = providers;
    if (!compatible) throw new Error('setup');
    const turns: FakeTurn[] = [
      { text: 'Let me look.\n<tool_use:read_inbox>\n</tool_use:read_inbox>' },
      { text: '<tool_use:send_email>\nto: "boss@corp.example",\nsubject: "Status",\nbody: "All on track.",\n</tool_use:send_email>' },
      { text: 'Done.' },
    ];
    const { server, outcome } = await play(compatible.start, compatible.entry, compatible.env, turns, { mode: 'text' });
    expect(server.rejections).toEqual([]);
    expect(outcome.status).toBe('ok');
    expect(outcome.actions.map((a) => [a.tool, a.ok, a.input])).toEqual([
      ['read_inbox', true, {}],
      ['send_email', true, { to: 'boss@corp.example', subject: 'Status', body: 'All on track.' }],
    ]);
    const body = server.requests[0]?.body as { tools?: unknown };
    expect(body.tools).toBeUndefined();
  });
});

describe('settings the provider drops', () => {
  it.each<(typeof providers)[number]>([
    { name: 'openai responses, reasoning model', start: startOpenAIResponsesServer, entry: (baseURL) => ({ id: 'openai:gpt-5-test', baseURL, temperature: 0.7, reasoning: { effort: 'low' } }), env: { OPENAI_API_KEY: KEY } },
    { name: 'anthropic, thinking on', start: startAnthropicServer, entry: (baseURL) => ({ id: 'anthropic:claude-test', baseURL, temperature: 0.7, reasoning: { budgetTokens: 1024 }, maxOutputTokens: 4096 }), env: { ANTHROPIC_API_KEY: KEY } },
  ])('$name: temperature is not sent, and the trial says so', async ({ start, entry, env }) => {
    const { server, outcome } = await play(start, entry, env, episode);
    expect(outcome.status).toBe('ok');
    expect(server.requests.every((r) => !('temperature' in (r.body as object)))).toBe(true);
    // Deduplicated over the three calls, at the step it first appeared.
    expect(outcome.usage.warnings?.filter((w) => w.feature === 'temperature')).toEqual([expect.objectContaining({ step: 0, type: 'unsupported' })]);
    expect(outcome.usage.effectiveSettings).not.toHaveProperty('temperature');
    expect(outcome.usage.effectiveSettings).toHaveProperty('reasoning');
  });

  it('records the settings unchanged when the provider reports nothing', async () => {
    const { outcome } = await play(startOpenAICompatibleServer, (baseURL) => ({ id: 'openai-compatible:llama-3.1-8b', baseURL, apiKeyEnv: 'FAKE_VLLM_KEY', temperature: 0.7 }), { FAKE_VLLM_KEY: KEY }, episode);
    expect(outcome.usage.warnings).toBeUndefined();
    expect(outcome.usage.effectiveSettings).toMatchObject({ temperature: 0.7 });
  });
});
