import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgentLoop, type StreamSettings } from '../src/engine/runner/agent-loop.js';
import { createDefaultProviderRegistry } from '../src/providers/default-provider-registry.js';
import type { ModelEntry } from '../src/providers/model-entry.js';
import { ScenarioRegistry } from '../src/scenarios/scenario-registry.js';
import { canonicalIds } from './fakes/fake-stream-test-kit.js';
import type { FakeServer, FakeServerOptions, FakeTurn } from './fakes/fake-turn.js';
import { episode, KEY, providers, type Start } from './support/http-providers.js';
import { tinyInstance } from './support/tiny-instance.js';

/**
 * The agent loop streaming through the real SDK providers against the strict fakes: the stored turn is
 * the one an unstreamed call stores, a silent or cut stream is abandoned at its limit and asked again, and
 * a model that is slow but alive is never cut.
 */

const registry = createDefaultProviderRegistry(new ScenarioRegistry());
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function streamSettings(overrides: Partial<StreamSettings> = {}): StreamSettings {
  return { firstByteMs: 2000, idleMs: 2000, totalMs: 60_000, refused: {}, ...overrides };
}

async function play(start: Start, entry: (baseURL: string) => ModelEntry, env: Record<string, string>, turns: FakeServerOptions['turns'], stream?: StreamSettings) {
  const server: FakeServer = await start({ apiKey: KEY, turns });
  servers.push(server);
  const model = registry.resolve(entry(server.baseURL), { env });
  const result = await runAgentLoop({
    instance: tinyInstance(),
    model,
    mode: 'tools',
    maxSteps: 6,
    timeoutMs: 5000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 },
    ...(stream ? { stream } : {}),
  });
  return { server, ...result };
}

const streamed = (server: FakeServer) =>
  server.requests.filter((r) => (r.body as { stream?: unknown } | undefined)?.stream === true || r.path.includes(':streamGenerateContent')).length;

describe.each(providers)('$name, streamed', ({ start, entry, env }) => {
  it('stores the same transcript, actions and usage as an unstreamed run, and the fake accepts every replayed turn', async () => {
    const timings: number[] = [];
    const live = await play(start, entry, env, episode, streamSettings({ onTiming: (t) => timings.push(t.firstByteMs) }));
    const whole = await play(start, entry, env, episode);
    expect(live.server.rejections).toEqual([]);
    expect(streamed(live.server)).toBe(3);
    expect(streamed(whole.server)).toBe(0);
    expect(live.outcome.status).toBe('ok');
    expect(canonicalIds(live.outcome.transcript)).toEqual(canonicalIds(whole.outcome.transcript));
    expect(canonicalIds(live.outcome.actions)).toEqual(canonicalIds(whole.outcome.actions));
    // Input tokens are the fake's estimate from the raw request body, which streaming fields lengthen.
    expect({ ...live.outcome.usage, inputTokens: 0, effectiveSettings: null }).toEqual({ ...whole.outcome.usage, inputTokens: 0, effectiveSettings: null });
    expect(timings).toHaveLength(3);
  });

  it('abandons a stream that stalls, one that is cut and one the provider fails mid-answer, and asks again', async () => {
    const faults: FakeTurn[] = [
      { fault: 'stall', afterEvents: 2 },
      { fault: 'cut', afterEvents: 2 },
      { fault: 'stream-error', afterEvents: 2 },
    ];
    let n = 0;
    const turns = () => (n < 3 ? faults[n++] ?? { text: 'unused' } : { text: 'Done after three faults.' });
    const started = performance.now();
    const { server, outcome } = await play(start, entry, env, turns, streamSettings({ idleMs: 300 }));
    expect(server.rejections).toEqual([]);
    expect(outcome.status).toBe('error');
    expect(outcome.error?.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(10_000);
    const again = await play(start, entry, env, [{ fault: 'stall', afterEvents: 1 }, { text: 'Done.' }] as FakeTurn[], streamSettings({ idleMs: 300 }));
    expect(again.outcome.status).toBe('ok');
    expect(again.outcome.error).toBeNull();
  });

  it('times out a call whose response never starts, by its first byte', async () => {
    const { server, outcome } = await play(start, entry, env, () => ({ fault: 'hang' }), streamSettings({ firstByteMs: 200 }));
    expect(outcome.status).toBe('error');
    expect(outcome.error?.message).toMatch(/within 200 ms \(time to first byte\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('never cuts a model that keeps streaming, however long the answer takes in all', async () => {
    const slow: FakeTurn = { text: 'I am thinking about this slowly but I am alive and well.', eventGapMs: 120, chunkChars: 4 };
    const { server, outcome } = await play(start, entry, env, [slow], streamSettings({ firstByteMs: 1000, idleMs: 400 }));
    expect(outcome.status).toBe('ok');
    expect(server.requests).toHaveLength(1);
    expect(outcome.modelMs).toBeGreaterThan(1000);
  });
});

describe('an endpoint that cannot stream', () => {
  it('is asked whole from then on, and each trial says its answers were not streamed', async () => {
    const bodies: { stream?: boolean }[] = [];
    const server: Server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        bodies.push(JSON.parse(raw) as { stream?: boolean });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Nothing to do.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => { resolve(); })) });
    const model = registry.resolve({ id: 'openai-compatible:old-server', baseURL: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/v1` }, { env: {} });
    const stream = streamSettings();
    const trial = () => runAgentLoop({ instance: tinyInstance(), model, mode: 'tools', maxSteps: 3, timeoutMs: 5000, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 }, stream });
    const first = await trial();
    const second = await trial();
    expect(first.outcome.error).toBeNull();
    expect(first.outcome.status).toBe('ok');
    expect(first.outcome.transcript.at(-1)?.parts).toEqual([{ type: 'text', text: 'Nothing to do.' }]);
    expect(first.outcome.usage.warnings).toEqual([{ type: 'other', message: expect.stringMatching(/^answers were not streamed: the endpoint answered a streaming request with application\/json/) as unknown, step: 0 }]);
    expect(stream.refused.reason).toMatch(/application\/json/);
    // One streaming request found out; every later call went whole.
    expect(bodies.map((b) => b.stream === true)).toEqual([true, false, false]);
    expect(second.outcome.usage.warnings?.[0]?.message).toMatch(/^answers were not streamed/);
  });
});
