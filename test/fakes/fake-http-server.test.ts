import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  FakeServerConfigError,
  RejectedRequestError,
  firstSchemaProblem,
  maskKey,
  randomId,
  startFakeHttpServer,
} from './fake-http-server.js';
import type { FakeProtocol } from './fake-http-server.js';
import type { FakeServer, FakeServerOptions } from './fake-turn.js';

/** The smallest protocol: a key header, a JSON body, and replies that echo the turn's text. */
const echoProtocol: FakeProtocol<{ said: unknown }> = {
  basePath: '/api',
  accept(exchange, apiKey) {
    if (exchange.request.headers['x-key'] !== apiKey) {
      throw new RejectedRequestError('bad key', { status: 401, body: { error: 'bad key' } });
    }
    if (!exchange.json.ok) throw new RejectedRequestError('not json', { status: 400, body: { error: 'not json' } });
    return { said: exchange.json.value };
  },
  reply(turn, accepted) {
    return { status: 200, body: { text: turn.text ?? '', echo: accepted.said } };
  },
  rateLimit(seconds) {
    return { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': String(seconds) } };
  },
  serverError(status) {
    return { status, body: { error: 'boom' } };
  },
  scriptError(message) {
    return { status: 500, body: { error: message } };
  },
};

let server: FakeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<FakeServerOptions>): Promise<FakeServer> {
  server = await startFakeHttpServer(echoProtocol, { apiKey: 'secret', turns: [], ...options });
  return server;
}

function post(fake: FakeServer, body: string, key = 'secret', signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.baseURL}/call?x=1`, { method: 'POST', headers: { 'x-key': key }, body, ...(signal && { signal }) });
}

describe('startFakeHttpServer', () => {
  it('binds 127.0.0.1 on an OS-assigned port under the protocol base path', async () => {
    const fake = await start({});
    expect(fake.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  it('records every request, rejected ones included, and rejected ones consume no turn', async () => {
    const fake = await start({ turns: [{ text: 'first' }, { text: 'second' }] });
    expect(await (await post(fake, '{"n":1}', 'wrong')).json()).toEqual({ error: 'bad key' });
    expect((await post(fake, 'not json')).status).toBe(400);
    expect(await (await post(fake, '{"n":2}')).json()).toEqual({ text: 'first', echo: { n: 2 } });
    expect(await (await post(fake, '{"n":3}')).json()).toEqual({ text: 'second', echo: { n: 3 } });
    expect(fake.rejections).toEqual(['bad key', 'not json']);
    expect(fake.requests.map((request) => request.body)).toEqual([{ n: 1 }, 'not json', { n: 2 }, { n: 3 }]);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/call' });
    expect(fake.requests[0]?.headers['x-key']).toBe('wrong');
  });

  it('answers 500 "fake script exhausted" once the turns run out', async () => {
    const fake = await start({ turns: [{ text: 'only' }] });
    await post(fake, '{}');
    const response = await post(fake, '{}');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'fake script exhausted' });
  });

  it('passes the request and its accepted index to a turn function, and reports its failures', async () => {
    const seen: [unknown, number][] = [];
    const fake = await start({
      turns: (request, index) => {
        seen.push([request.body, index]);
        if (index === 1) throw new Error('no turn for this one');
        return { text: `turn ${index}` };
      },
    });
    expect(await (await post(fake, '{}', 'wrong')).json()).toEqual({ error: 'bad key' });
    expect(await (await post(fake, '{"a":1}')).json()).toMatchObject({ text: 'turn 0' });
    const failed = await post(fake, '{"a":2}');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'fake script failed at turn 1: no turn for this one' });
    expect(seen).toEqual([
      [{ a: 1 }, 0],
      [{ a: 2 }, 1],
    ]);
  });

  it('waits latencyMs before answering', async () => {
    const fake = await start({ turns: [{ text: 'late' }], latencyMs: 150 });
    const started = Date.now();
    await post(fake, '{}');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('plays rate-limit, server-error and malformed faults', async () => {
    const fake = await start({
      turns: [{ fault: 'rate-limit', retryAfterSeconds: 3 }, { fault: 'server-error', status: 503 }, { fault: 'malformed' }],
    });
    const limited = await post(fake, '{}');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await post(fake, '{}')).status).toBe(503);
    const malformed = await post(fake, '{}');
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toBe('application/json');
    const text = await malformed.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(fake.rejections).toEqual([]);
  });

  it('close() ends a hanging exchange at once, and is idempotent', async () => {
    const fake = await start({ turns: [{ fault: 'hang' }] });
    const pending = post(fake, '{}').then(
      () => 'answered',
      () => 'connection dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await Promise.all([fake.close(), fake.close()]);
    expect(await pending).toBe('connection dropped');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses options that cannot work', async () => {
    await expect(startFakeHttpServer(echoProtocol, { apiKey: '', turns: [] })).rejects.toThrow(FakeServerConfigError);
    await expect(startFakeHttpServer(echoProtocol, { apiKey: 'k', turns: [], latencyMs: -1 })).rejects.toThrow(
      /latencyMs must be a finite number >= 0/,
    );
    await expect(
      startFakeHttpServer(echoProtocol, { apiKey: 'k', turns: [{ text: 'ok' }, { fault: 'server-error', status: 404 }] }),
    ).rejects.toThrow('fake provider server: turns[1]: status must be a 5xx code, got 404');
    await expect(
      startFakeHttpServer(echoProtocol, { apiKey: 'k', turns: [{ toolCalls: [{ name: '', input: {} }] }] }),
    ).rejects.toThrow(/toolCalls\[0\]\.name must be a non-empty string/);
  });
});

describe('helpers', () => {
  it('randomId makes distinct base62 ids with the prefix', () => {
    const ids = new Set(Array.from({ length: 50 }, () => randomId('call_', 24)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);
  });

  it('maskKey never echoes a whole key', () => {
    expect(maskKey('sk-abcdefghijkl1234')).toBe('sk-************1234');
    expect(maskKey('short')).toBe('*****');
  });

  it('firstSchemaProblem follows a union into the branch that got furthest', () => {
    const schema = z.strictObject({
      content: z.union([z.string(), z.array(z.strictObject({ text: z.string() }))]),
    });
    const input = { content: [{ text: 'ok' }, { text: 5 }] };
    const result = schema.safeParse(input);
    if (result.success) throw new Error('expected a failed parse');
    const problem = firstSchemaProblem(result.error, input);
    expect(problem.path).toEqual(['content', 1, 'text']);
    expect(problem.value).toBe(5);
    expect(problem.missing).toBe(false);

    const missing = schema.safeParse({});
    if (missing.success) throw new Error('expected a failed parse');
    expect(firstSchemaProblem(missing.error, {})).toMatchObject({ path: ['content'], missing: true });
  });
});
