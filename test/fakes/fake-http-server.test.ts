import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  FakeServerConfigError,
  RejectedRequestError,
  deltasOf,
  firstSchemaProblem,
  maskKey,
  randomId,
  sseEvent,
  startFakeHttpServer,
} from './fake-http-server.js';
import type { FakeProtocol } from './fake-http-server.js';
import type { FakeServer, FakeServerOptions, FakeTurn } from './fake-turn.js';

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

/** The echo protocol with a streamed form: `{"stream":true}` gets one `delta` event per text delta and `done`. */
const streamingEchoProtocol: FakeProtocol<{ said: unknown }> = {
  ...echoProtocol,
  stream: {
    requested: (accepted) => (accepted.said as { stream?: unknown } | null)?.stream === true,
    errorStatus: 503,
    reply: (turn) => ({
      headers: { 'x-stream': 'yes' },
      events: [...deltasOf(turn.text ?? '', turn).map((text) => sseEvent({ text }, 'delta')), sseEvent({ done: true }, 'done')],
      closingEvents: 1,
      error: (sent) => [sseEvent({ error: 'boom', sent }, 'error')],
    }),
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

async function startStreaming(turns: FakeTurn[]): Promise<FakeServer> {
  server = await startFakeHttpServer(streamingEchoProtocol, { apiKey: 'secret', turns });
  return server;
}

interface ReadEvent {
  event: string;
  data: string;
  /** Milliseconds since the headers arrived. */
  at: number;
}

/**
 * Reads a response as server-sent events until it ends or fails, or, with `idleMs`, until nothing has
 * arrived for that long (then the reader gives up, as a client's idle timeout would).
 */
async function readEvents(response: Response, idleMs?: number) {
  const headersAt = Date.now();
  const events: ReadEvent[] = [];
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) throw new Error('expected a body');
  let idle: NodeJS.Timeout | undefined;
  const reading = { gaveUp: false };
  const armIdleTimer = (): void => {
    clearTimeout(idle);
    if (idleMs === undefined) return;
    idle = setTimeout(() => {
      reading.gaveUp = true;
      void reader.cancel().catch(() => undefined);
    }, idleMs);
  };
  const decoder = new TextDecoder();
  let buffer = '';
  let ending: 'end' | 'error' | 'aborted' = 'end';
  armIdleTimer();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      armIdleTimer();
      buffer += decoder.decode(value, { stream: true });
      let split = buffer.indexOf('\n\n');
      while (split >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
        events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '', at: Date.now() - headersAt });
        split = buffer.indexOf('\n\n');
      }
    }
  } catch {
    ending = 'error';
  } finally {
    clearTimeout(idle);
  }
  return { events, ending: reading.gaveUp ? 'aborted' : ending, rest: buffer };
}

const STREAM = '{"stream":true}';

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

describe('startFakeHttpServer streaming', () => {
  it('streams a reply as events with the protocol headers, and a non-streaming request still gets JSON', async () => {
    const fake = await startStreaming([{ text: 'abcdefgh', chunkChars: 3 }, { text: 'whole' }]);
    const response = await post(fake, STREAM);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-stream')).toBe('yes');
    const { events, ending } = await readEvents(response);
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['delta', '{"text":"abc"}'],
      ['delta', '{"text":"def"}'],
      ['delta', '{"text":"gh"}'],
      ['done', '{"done":true}'],
    ]);
    expect(ending).toBe('end');
    expect(await (await post(fake, '{}')).json()).toEqual({ text: 'whole', echo: {} });
  });

  it('sends the headers at once and the first event after firstEventDelayMs, the others eventGapMs apart', async () => {
    const fake = await startStreaming([{ text: 'abcd', chunkChars: 2, firstEventDelayMs: 400, eventGapMs: 150 }]);
    const { events } = await readEvents(await post(fake, STREAM));
    expect(events).toHaveLength(3);
    // Lower bounds only: a loaded machine can make events later, never earlier.
    expect(events[0]?.at).toBeGreaterThanOrEqual(390);
    expect((events[1]?.at ?? 0) - (events[0]?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect((events[2]?.at ?? 0) - (events[1]?.at ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it('stall: sends the headers and afterEvents events, then nothing until the client gives up', async () => {
    const fake = await startStreaming([{ fault: 'stall', afterEvents: 2, text: 'abcdef', chunkChars: 2 }, { fault: 'stall', afterEvents: 0 }]);
    const stalled = await readEvents(await post(fake, STREAM), 300);
    expect(stalled.events.map((e) => e.data)).toEqual(['{"text":"ab"}', '{"text":"cd"}']);
    expect(stalled.ending).toBe('aborted');
    const silent = await post(fake, STREAM);
    expect(silent.status).toBe(200);
    const nothing = await readEvents(silent, 300);
    expect(nothing).toMatchObject({ events: [], ending: 'aborted' });
  });

  it('cut: destroys the connection after afterEvents events, with no terminal event', async () => {
    const fake = await startStreaming([{ fault: 'cut', afterEvents: 1, text: 'abcdef', chunkChars: 2 }]);
    const { events, ending } = await readEvents(await post(fake, STREAM));
    expect(events.map((e) => e.data)).toEqual(['{"text":"ab"}']);
    expect(ending).toBe('error');
  });

  it('stream-error: the protocol error events replace the rest of the reply, then the stream ends', async () => {
    const fake = await startStreaming([{ fault: 'stream-error', afterEvents: 2, text: 'abcdef', chunkChars: 2 }]);
    const { events, ending } = await readEvents(await post(fake, STREAM));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['delta', '{"text":"ab"}'],
      ['delta', '{"text":"cd"}'],
      ['error', '{"error":"boom","sent":2}'],
    ]);
    expect(ending).toBe('end');
  });

  it('never lets a fault wait past the last event, and streams a stock text when the turn scripts none', async () => {
    const fake = await startStreaming([
      { fault: 'stream-error', afterEvents: 99, text: 'abcd', chunkChars: 2 },
      { fault: 'cut' },
    ]);
    const late = await readEvents(await post(fake, STREAM));
    expect(late.events.map((e) => e.event)).toEqual(['delta', 'delta', 'error']);
    const stock = await readEvents(await post(fake, STREAM));
    expect(stock.events.map((e) => e.data)).toEqual(['{"text":"This reply never"}']);
    expect(stock.ending).toBe('error');
  });

  it('plays the pre-stream faults before any event: rate-limit, server-error, hang, and a malformed first event', async () => {
    const fake = await startStreaming([
      { fault: 'rate-limit', retryAfterSeconds: 2 },
      { fault: 'server-error' },
      { fault: 'malformed' },
      { fault: 'hang' },
    ]);
    const limited = await post(fake, STREAM);
    expect([limited.status, limited.headers.get('content-type')]).toEqual([429, 'application/json']);
    expect((await post(fake, STREAM)).status).toBe(500);
    const malformed = await post(fake, STREAM);
    expect(malformed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const { events, ending } = await readEvents(malformed);
    expect(events.map((e) => e.data)).toEqual(['{"text":"malf']);
    expect(ending).toBe('end');
    await expect(post(fake, STREAM, 'secret', AbortSignal.timeout(200))).rejects.toThrow();
  });

  it('meets stall, cut and stream-error in a non-streaming request in their HTTP form', async () => {
    const fake = await startStreaming([
      { fault: 'stall', text: 'never whole' },
      { fault: 'cut', text: 'never whole' },
      { fault: 'stream-error' },
    ]);
    const stalled = await post(fake, '{}');
    expect(stalled.status).toBe(200);
    const half = await readEvents(stalled, 300);
    expect(half).toMatchObject({ events: [], ending: 'aborted', rest: '{"text":"never w' });
    const cut = await post(fake, '{}');
    await expect(cut.text()).rejects.toThrow();
    const failed = await post(fake, '{}');
    expect([failed.status, await failed.json()]).toEqual([503, { error: 'boom' }]);
  });

  it('refuses stream knobs that cannot work', async () => {
    const refused = (turn: FakeTurn) => startFakeHttpServer(streamingEchoProtocol, { apiKey: 'k', turns: [turn] });
    await expect(refused({ fault: 'stall', afterEvents: -1 })).rejects.toThrow(
      'fake provider server: turns[0]: afterEvents must be a whole number >= 0, got -1',
    );
    await expect(refused({ text: 'x', eventGapMs: Number.NaN })).rejects.toThrow(/eventGapMs must be a number of milliseconds/);
    await expect(refused({ fault: 'cut', firstEventDelayMs: 2 ** 31 })).rejects.toThrow(/firstEventDelayMs must be/);
    await expect(refused({ text: 'x', chunkChars: 0 })).rejects.toThrow(/chunkChars must be a whole number >= 1/);
    await expect(refused({ fault: 'stream-error', toolCalls: [{ name: '', input: {} }] })).rejects.toThrow(/toolCalls\[0\]\.name/);
  });
});

describe('helpers', () => {
  it('deltasOf splits on whole code points, 16 characters by default', () => {
    expect(deltasOf('a'.repeat(40), {})).toEqual(['a'.repeat(16), 'a'.repeat(16), 'a'.repeat(8)]);
    expect(deltasOf('😀😀😀', { chunkChars: 2 })).toEqual(['😀😀', '😀']);
    expect(deltasOf('', {})).toEqual([]);
  });

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
