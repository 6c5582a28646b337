/**
 * The benchmark's fake provider: an OpenAI Chat Completions endpoint on 127.0.0.1 with a requests-per-
 * minute limit (429 with retry-after), latency, and seeded faults. Faults are decided from a hash of the
 * seed, the request body and how often that body was seen, so every tool meets the same faults on the
 * same requests. Loopback only; every hang is bounded by the client closing the socket.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface BenchServerOptions {
  rpm: number;
  latencyMs: number;
  /** Shares of admitted requests that fail: 5xx, never answered, a cut-off 200 body. */
  serverErrorRate: number;
  hangRate: number;
  malformedRate: number;
  /** Send x-ratelimit-* headers (as OpenAI does). */
  rateLimitHeaders: boolean;
  seed: number;
}

/** What the server saw, for the benchmark's shares. */
export interface BenchServerStats {
  requests: number;
  /** Requests that passed the rate limit (whatever happened next). */
  admitted: number;
  rateLimited: number;
  /** Admitted requests answered with a valid completion. */
  accepted: number;
  serverErrors: number;
  hangs: number;
  malformed: number;
  firstRequestAt: number;
  lastAnswerAt: number;
}

export interface BenchServer {
  baseURL: string;
  stats(): BenchServerStats;
  close(): Promise<void>;
}

function unit(seed: number, body: string, occurrence: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${occurrence}\u0000${body}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Starts the server on an OS-assigned loopback port. */
/** The same answer as Chat Completions streams it: role, content, finish, usage, then [DONE]. */
function streamEvents(n: number, body: string): string {
  const base = { id: `chatcmpl-${String(n)}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model' };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'BENCH-OK I have read the inbox' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: ' and have nothing to do.' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { ...base, choices: [], usage: { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: 12, total_tokens: Math.ceil(body.length / 4) + 12 } },
  ];
  return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const perMs = options.rpm / 60_000;
  // A bucket that holds one second of requests, refilled continuously: how OpenAI describes its limits.
  const capacity = Math.max(1, options.rpm / 60);
  let tokens = capacity;
  let lastRefill = performance.now();
  const seen = new Map<string, number>();
  const stats: BenchServerStats = { requests: 0, admitted: 0, rateLimited: 0, accepted: 0, serverErrors: 0, hangs: 0, malformed: 0, firstRequestAt: 0, lastAnswerAt: 0 };
  const hung = new Set<ServerResponse>();

  const limitHeaders = (): Record<string, string> =>
    options.rateLimitHeaders
      ? {
          'x-ratelimit-limit-requests': String(options.rpm),
          'x-ratelimit-remaining-requests': String(Math.max(0, Math.floor(tokens))),
          'x-ratelimit-reset-requests': `${Math.ceil(Math.max(0, capacity - tokens) / perMs)}ms`,
        }
      : {};

  const streamed = (body: string): boolean => {
    try {
      return (JSON.parse(body) as { stream?: unknown }).stream === true;
    } catch {
      return false;
    }
  };
  const faultKey = (body: string): string => {
    try {
      const { stream: _stream, stream_options: _options, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return body;
    }
  };

  const answer = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    stats.lastAnswerAt = performance.now();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      answer(res, 404, JSON.stringify({ error: { message: 'Not Found', type: 'invalid_request_error' } }));
      return;
    }
    const now = performance.now();
    if (stats.requests === 0) stats.firstRequestAt = now;
    stats.requests++;
    tokens = Math.min(capacity, tokens + (now - lastRefill) * perMs);
    lastRefill = now;
    if (tokens < 1) {
      stats.rateLimited++;
      const waitMs = Math.ceil((1 - tokens) / perMs);
      answer(res, 429, JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }), {
        'retry-after-ms': String(waitMs),
        'retry-after': String(Math.ceil(waitMs / 1000)),
        ...limitHeaders(),
      });
      return;
    }
    tokens -= 1;
    stats.admitted++;
    // Streamed or not, one request meets one fault: the streaming fields are not part of the fault key.
    const key = faultKey(body);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const roll = unit(options.seed, key, occurrence);
    const headers = limitHeaders();
    setTimeout(() => {
      if (roll < options.hangRate) {
        stats.hangs++;
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      if (roll < options.hangRate + options.serverErrorRate) {
        stats.serverErrors++;
        answer(res, 503, JSON.stringify({ error: { message: 'The server is overloaded', type: 'server_error' } }), headers);
        return;
      }
      const completion = JSON.stringify({
        id: `chatcmpl-${stats.admitted}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'bench-model',
        choices: [{ index: 0, message: { role: 'assistant', content: `BENCH-OK I have read the inbox and have nothing to do.` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: 12, total_tokens: Math.ceil(body.length / 4) + 12 },
      });
      const malformed = roll < options.hangRate + options.serverErrorRate + options.malformedRate;
      if (malformed) stats.malformed++;
      else stats.accepted++;
      if (streamed(body)) {
        stats.lastAnswerAt = performance.now();
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
        const events = streamEvents(stats.admitted, body);
        // A malformed stream is cut in the middle of an event, as a dropped connection leaves it.
        res.end(malformed ? events.slice(0, Math.floor(events.length / 2)) : events);
        return;
      }
      if (malformed) {
        answer(res, 200, completion.slice(0, Math.floor(completion.length / 2)), headers);
        return;
      }
      answer(res, 200, completion, headers);
    }, options.latencyMs);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { handle(req, res, Buffer.concat(chunks).toString('utf8')); });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('bench server has no address');
  return {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    stats: () => ({ ...stats }),
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
