/**
 * The shared core of the fake provider servers: a node:http server on 127.0.0.1 (port 0), request
 * recording, JSON parsing, the turn script, latency and fault injection, and the playing of server-sent
 * events (pacing, stalls, cuts, in-stream errors). Each provider module supplies a {@link FakeProtocol}: how
 * to validate a request and how its wire format spells replies, streamed replies and errors.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { isFaultTurn } from './fake-turn.js';
import type {
  FakeReplyTurn,
  FakeServer,
  FakeServerOptions,
  FakeStreamFaultTurn,
  FakeStreamPacing,
  FakeTurn,
  RecordedRequest,
} from './fake-turn.js';

/** An HTTP answer in a provider's wire format. */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a protocol sees of one request. */
export interface FakeExchange {
  request: RecordedRequest;
  query: URLSearchParams;
  rawBody: string;
  /** The body parsed as JSON, or `ok: false` when it is not JSON (an empty body is not JSON either). */
  json: { ok: true; value: unknown } | { ok: false };
}

/** One server-sent event: an optional `event:` line and its `data:` line. */
export interface FakeSseEvent {
  event?: string;
  data: string;
}

/** A successful reply as the provider streams it. */
export interface FakeStreamReply {
  /** Response headers besides `content-type: text/event-stream`. */
  headers: Record<string, string>;
  /** Every event of the reply, the closing ones included. */
  events: FakeSseEvent[];
  /**
   * How many of the last events close the reply (finish reason, usage, end marker): a fault strikes before
   * them at the latest, so that a faulted reply never looks finished.
   */
  closingEvents: number;
  /** The provider's in-stream error, sent in place of `events` from index `sent` on. */
  error(sent: number): FakeSseEvent[];
}

/** How one provider streams: the same replies as its non-streaming form, spelled as events. */
export interface FakeStreamProtocol<Accepted> {
  /** Whether the accepted request asks for a streamed answer. */
  requested(accepted: Accepted, exchange: FakeExchange): boolean;
  /** The reply to `turn` as events; it must carry what `FakeProtocol.reply` would (ids, usage, signatures). */
  reply(turn: FakeReplyTurn, accepted: Accepted, exchange: FakeExchange): FakeStreamReply;
  /** The 5xx a non-streaming request gets for a `stream-error` turn: the HTTP form of the in-stream error. */
  errorStatus: number;
}

/** How one provider's API checks requests and spells its answers. */
export interface FakeProtocol<Accepted> {
  /** Path prefix of the API; the fake's `baseURL` ends with it, e.g. `/v1`. */
  basePath: string;
  /**
   * Checks route, authentication and body the way the real API does, and returns what `reply` needs.
   * Throws {@link RejectedRequestError} to answer with the provider's 4xx.
   */
  accept(exchange: FakeExchange, apiKey: string): Accepted;
  /** The successful answer to an accepted request. */
  reply(turn: FakeReplyTurn, accepted: Accepted, exchange: FakeExchange): FakeReply;
  /** 429 with `retry-after` and the provider's rate-limit body. */
  rateLimit(retryAfterSeconds: number): FakeReply;
  /** A 5xx with the provider's body for that status. */
  serverError(status: number): FakeReply;
  /** 500 with the provider's error body carrying `message`; used when the script is broken or used up. */
  scriptError(message: string): FakeReply;
  /** The provider's streaming form; without it every request gets a whole JSON body. */
  stream?: FakeStreamProtocol<Accepted>;
}

/** Thrown by a protocol's validation: the fake answers with `reply` and records `message` as a rejection. */
export class RejectedRequestError extends Error {
  constructor(
    message: string,
    readonly reply: FakeReply,
  ) {
    super(message);
    this.name = 'RejectedRequestError';
  }
}

/** The options given to a fake server (or a scripted turn) cannot work. */
export class FakeServerConfigError extends Error {
  constructor(problem: string) {
    super(`fake provider server: ${problem}`);
    this.name = 'FakeServerConfigError';
  }
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;
const DEFAULT_CHUNK_CHARS = 16;
const DEFAULT_FAULT_AFTER_EVENTS = 1;
const DEFAULT_UNFINISHED_TEXT = 'This reply never finishes.';
// Node's timers overflow past 2^31 - 1 ms and fire at once; a script asking for more is a mistake.
const MAX_DELAY_MS = 2 ** 31 - 1;
const DEFAULT_SERVER_ERROR_STATUS = 500;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Starts a fake server speaking `protocol` on 127.0.0.1 with an OS-assigned port. */
export async function startFakeHttpServer<Accepted>(
  protocol: FakeProtocol<Accepted>,
  options: FakeServerOptions,
): Promise<FakeServer> {
  checkOptions(options);
  const latencyMs = options.latencyMs ?? 0;
  const requests: RecordedRequest[] = [];
  const rejections: string[] = [];
  let acceptedCount = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      // The client went away (or sent too much) before the body was complete; nobody is left to answer.
      res.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = parseJson(rawBody);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: { ...req.headers },
      body: rawBody === '' ? undefined : json.ok ? json.value : rawBody,
    };
    requests.push(request);
    const exchange: FakeExchange = { request, query: url.searchParams, rawBody, json };

    let accepted: Accepted;
    try {
      accepted = protocol.accept(exchange, options.apiKey);
    } catch (error) {
      if (!(error instanceof RejectedRequestError)) throw error;
      rejections.push(error.message);
      if (await waitUnlessClosed(latencyMs, res)) send(res, error.reply);
      return;
    }

    const index = acceptedCount++;
    const picked = pickTurn(options.turns, request, index);
    if (!(await waitUnlessClosed(latencyMs, res))) return;
    if ('problem' in picked) {
      send(res, protocol.scriptError(picked.problem));
      return;
    }
    const turn = picked.turn;
    const stream = protocol.stream?.requested(accepted, exchange) === true ? protocol.stream : undefined;
    if (!isFaultTurn(turn)) {
      if (stream === undefined) send(res, protocol.reply(turn, accepted, exchange));
      else await playEvents(res, stream.reply(turn, accepted, exchange), turn, 'end');
      return;
    }
    switch (turn.fault) {
      case 'rate-limit':
        send(res, protocol.rateLimit(turn.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
        return;
      case 'server-error':
        send(res, protocol.serverError(turn.status ?? DEFAULT_SERVER_ERROR_STATUS));
        return;
      case 'malformed': {
        if (stream !== undefined) {
          // The first event of a genuine stream, its JSON cut in half: an event the client cannot parse.
          const reply = stream.reply({ text: 'malformed reply' }, accepted, exchange);
          const first = reply.events[0];
          const broken = first === undefined ? [] : [{ ...first, data: first.data.slice(0, Math.floor(first.data.length / 2)) }];
          await playEvents(res, { ...reply, events: broken }, {}, 'end');
          return;
        }
        // Cut a genuine reply in half: the client sees the right status and content type but broken JSON.
        const full = JSON.stringify(protocol.reply({ text: 'malformed reply' }, accepted, exchange).body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(full.slice(0, Math.floor(full.length / 2)));
        return;
      }
      case 'hang':
        // Leave the response open; the client's abort or close() ends the connection.
        return;
      case 'stall':
      case 'cut':
      case 'stream-error': {
        const content = unfinishedContent(turn);
        if (stream === undefined) {
          if (turn.fault === 'stream-error') send(res, protocol.serverError(protocol.stream?.errorStatus ?? DEFAULT_SERVER_ERROR_STATUS));
          else await sendHalfBody(res, protocol.reply(content, accepted, exchange), turn.fault);
          return;
        }
        const reply = stream.reply(content, accepted, exchange);
        // Never a finished reply: a fault that struck after the finish would be no fault at all.
        const sent = Math.max(0, Math.min(turn.afterEvents ?? DEFAULT_FAULT_AFTER_EVENTS, reply.events.length - Math.max(1, reply.closingEvents)));
        const events = reply.events.slice(0, sent);
        if (turn.fault === 'stream-error') {
          await playEvents(res, { ...reply, events: [...events, ...reply.error(sent)] }, turn, 'end');
        } else {
          await playEvents(res, { ...reply, events }, turn, turn.fault === 'cut' ? 'destroy' : 'leave-open');
        }
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in a fake must fail the test loudly, not leave the client waiting.
      send(res, protocol.scriptError(`fake server error: ${errorMessage(error)}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new FakeServerConfigError('the server did not bind to a TCP port');
  }

  let closing: Promise<void> | undefined;
  return {
    baseURL: `http://127.0.0.1:${address.port}${protocol.basePath}`,
    requests,
    rejections,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        // Keep-alive and hanging connections would otherwise hold close() open indefinitely.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A random id such as `call_x7Gk…` (base62 after the prefix). */
export function randomId(prefix: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length] ?? 'x';
  return id;
}

/** Shows enough of a key to recognise it in an error message without echoing it. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

type ZodIssue = z.ZodError['issues'][number];

/** The first schema violation of a request body, located precisely (unions are looked into). */
export interface SchemaProblem {
  path: (string | number)[];
  issue: ZodIssue;
  /** What the request holds at `path`. */
  value: unknown;
  /** The value at `path` is absent: a required field is missing. */
  missing: boolean;
  /** For a value matching none of a union's types: the type names the union accepts. */
  expectedTypes: string[];
}

/** Picks the most telling issue of a failed parse of `input`. */
export function firstSchemaProblem(error: z.ZodError, input: unknown): SchemaProblem {
  const first = error.issues[0];
  if (first === undefined) throw new FakeServerConfigError('a failed parse reported no issue');
  return locate(first, [], input);
}

function locate(issue: ZodIssue, prefix: (string | number)[], input: unknown): SchemaProblem {
  const path = [...prefix, ...issue.path.map((key) => (typeof key === 'number' ? key : String(key)))];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The branch that got furthest into the value is the one the sender meant.
    let deepest: ZodIssue | undefined;
    for (const branch of issue.errors) {
      const candidate = branch[0];
      if (candidate !== undefined && candidate.path.length > (deepest?.path.length ?? 0)) deepest = candidate;
    }
    if (deepest !== undefined) return locate(deepest, path, input);
    const expectedTypes = issue.errors.flatMap((branch) =>
      branch.flatMap((inner) => (inner.code === 'invalid_type' ? [inner.expected] : [])),
    );
    const value = valueAt(input, path);
    return { path, issue, value, missing: value === undefined, expectedTypes };
  }
  const value = valueAt(input, path);
  return { path, issue, value, missing: value === undefined, expectedTypes: [] };
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `text` into deltas of `turn.chunkChars` characters (whole code points), as a stream sends them. */
export function deltasOf(text: string, turn: FakeStreamPacing): string[] {
  const size = turn.chunkChars ?? DEFAULT_CHUNK_CHARS;
  const points = Array.from(text);
  const deltas: string[] = [];
  for (let i = 0; i < points.length; i += size) deltas.push(points.slice(i, i + size).join(''));
  return deltas;
}

/** A `data:` event carrying `value` as JSON, with an `event:` line when the provider names its events. */
export function sseEvent(value: unknown, event?: string): FakeSseEvent {
  return { ...(event !== undefined && { event }), data: JSON.stringify(value) };
}

/** The reply a stream fault streams: the turn's own content, or a stock text when it scripts none. */
function unfinishedContent(turn: FakeStreamFaultTurn): FakeReplyTurn {
  const { fault: _fault, afterEvents: _afterEvents, ...reply } = turn;
  const scripted = reply.text !== undefined || reply.reasoning !== undefined || (reply.toolCalls ?? []).length > 0;
  return scripted ? reply : { ...reply, text: DEFAULT_UNFINISHED_TEXT };
}

/**
 * Sends the status and headers at once, then each event after its delay (`firstEventDelayMs` before the
 * first, `eventGapMs` before the others), and then ends the response, destroys the connection, or leaves it
 * open until the client aborts or the server closes. Stops as soon as the client hangs up.
 */
async function playEvents(
  res: ServerResponse,
  reply: Pick<FakeStreamReply, 'headers' | 'events'>,
  pacing: FakeStreamPacing,
  then: 'end' | 'destroy' | 'leave-open',
): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...reply.headers });
  // Without this the headers would wait for the first event, and a slow first event would look like a hang.
  res.flushHeaders();
  for (const [index, event] of reply.events.entries()) {
    const delay = index === 0 ? (pacing.firstEventDelayMs ?? 0) : (pacing.eventGapMs ?? 0);
    if (!(await waitUnlessClosed(delay, res))) return;
    await write(res, `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`);
  }
  if (then === 'end') res.end();
  else if (then === 'destroy') res.destroy();
}

/** Writes `chunk` and waits until it is flushed: destroying the connection right after would drop it. */
function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    // A failed write means the client is gone; the next wait notices it.
    res.write(chunk, () => {
      resolve();
    });
  });
}

/** A whole-body reply that stops halfway: the rest never comes (`stall`) or the connection drops (`cut`). */
async function sendHalfBody(res: ServerResponse, reply: FakeReply, fault: 'stall' | 'cut'): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  const full = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  await write(res, full.slice(0, Math.floor(full.length / 2)));
  if (fault === 'cut') res.destroy();
}

function checkOptions(options: FakeServerOptions): void {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new FakeServerConfigError('apiKey must be a non-empty string (the SDK sends one; the fake checks it)');
  }
  const latency = options.latencyMs;
  if (latency !== undefined && (!Number.isFinite(latency) || latency < 0)) {
    throw new FakeServerConfigError(`latencyMs must be a finite number >= 0, got ${String(latency)}`);
  }
  if (Array.isArray(options.turns)) {
    options.turns.forEach((turn, index) => {
      const problem = turnProblem(turn);
      if (problem !== undefined) throw new FakeServerConfigError(`turns[${index}]: ${problem}`);
    });
  } else if (typeof options.turns !== 'function') {
    throw new FakeServerConfigError('turns must be an array of turns or a function returning a turn');
  }
}

/** Why a scripted turn cannot be played, or undefined when it can. */
function turnProblem(turn: FakeTurn): string | undefined {
  // Scripts built at runtime (turn functions, JSON fixtures) can hand over anything.
  const value: unknown = turn;
  if (!isPlainObject(value)) return 'a turn must be an object';
  if (isFaultTurn(turn)) {
    switch (turn.fault) {
      case 'rate-limit': {
        const seconds = turn.retryAfterSeconds;
        return seconds === undefined || (Number.isInteger(seconds) && seconds >= 0)
          ? undefined
          : `retryAfterSeconds must be a whole number >= 0, got ${String(seconds)}`;
      }
      case 'server-error': {
        const status = turn.status;
        return status === undefined || (Number.isInteger(status) && status >= 500 && status <= 599)
          ? undefined
          : `status must be a 5xx code, got ${String(status)}`;
      }
      case 'malformed':
      case 'hang':
        return undefined;
      case 'stall':
      case 'cut':
      case 'stream-error': {
        const after = turn.afterEvents;
        if (after !== undefined && !(Number.isInteger(after) && after >= 0)) {
          return `afterEvents must be a whole number >= 0, got ${String(after)}`;
        }
        return replyProblem(turn);
      }
      default:
        return `unknown fault ${JSON.stringify((turn as { fault: unknown }).fault)}`;
    }
  }
  return replyProblem(turn);
}

function replyProblem(turn: FakeReplyTurn): string | undefined {
  for (const key of ['firstEventDelayMs', 'eventGapMs'] as const) {
    const ms = turn[key];
    if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0 && ms <= MAX_DELAY_MS)) {
      return `${key} must be a number of milliseconds from 0 to ${MAX_DELAY_MS}, got ${String(ms)}`;
    }
  }
  const chunk = turn.chunkChars;
  if (chunk !== undefined && !(Number.isInteger(chunk) && chunk >= 1)) return `chunkChars must be a whole number >= 1, got ${String(chunk)}`;
  for (const [index, call] of (turn.toolCalls ?? []).entries()) {
    if (typeof call.name !== 'string' || call.name === '') return `toolCalls[${index}].name must be a non-empty string`;
    if (!isPlainObject(call.input)) return `toolCalls[${index}].input must be a JSON object`;
  }
  const usage = turn.usage;
  if (usage !== undefined && ![usage.input, usage.output].every((n) => Number.isInteger(n) && n >= 0)) {
    return 'usage.input and usage.output must be whole numbers >= 0';
  }
  return undefined;
}

function pickTurn(
  turns: FakeServerOptions['turns'],
  request: RecordedRequest,
  index: number,
): { turn: FakeTurn } | { problem: string } {
  if (Array.isArray(turns)) {
    const turn = turns[index];
    return turn === undefined ? { problem: 'fake script exhausted' } : { turn };
  }
  let turn: FakeTurn;
  try {
    turn = turns(request, index);
  } catch (error) {
    return { problem: `fake script failed at turn ${index}: ${errorMessage(error)}` };
  }
  const problem = turnProblem(turn);
  return problem === undefined ? { turn } : { problem: `fake script turn ${index}: ${problem}` };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new FakeServerConfigError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): FakeExchange['json'] {
  if (text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Waits `ms`; resolves false when the client hung up meanwhile (then there is nobody to answer). */
function waitUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (ms === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
