/**
 * Script types shared by the fake provider servers (OpenAI Chat Completions and Responses, Anthropic, Google).
 *
 * A test scripts what the fake model answers, one {@link FakeTurn} per accepted request, and then
 * inspects what the SDK actually sent through {@link FakeServer.requests} and {@link FakeServer.rejections}.
 *
 * Every fake answers both ways its real API does: a whole JSON body (`generateText`), or, when the request
 * asks for it (`stream: true`, Gemini's `:streamGenerateContent?alt=sse`), the provider's own server-sent
 * events (`streamText`). A turn plays the same reply either way: the same text, reasoning, tool calls, usage,
 * ids and signatures, so a stored turn does not depend on how it was fetched. Streaming adds knobs of its own,
 * {@link FakeStreamPacing} and the faults `stall`, `cut` and `stream-error`, which a non-streaming request
 * meets in the closest form its wire allows (documented on each).
 */

/** One tool call the fake model makes; the fake generates the call id. */
export interface FakeToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** Token counts the fake reports for a turn; estimated from the request and reply when omitted. */
export interface FakeUsage {
  input: number;
  output: number;
  /** Prompt-cache reads to report (Anthropic reports them only for requests that mark a cache breakpoint). */
  cacheRead?: number;
}

/**
 * How a streamed answer is paced and cut into events. Only streaming requests look at these; a
 * non-streaming request gets its whole body at once, whatever they say.
 */
export interface FakeStreamPacing {
  /**
   * Milliseconds between the response headers and the first event: a slow first byte (the status and
   * headers arrive at once, after the server's `latencyMs`). Default 0.
   */
  firstEventDelayMs?: number;
  /** Milliseconds between two consecutive events: a model that is slow but alive. Default 0. */
  eventGapMs?: number;
  /**
   * Characters per text, reasoning or tool-argument delta, so the number of events follows from the
   * reply: a 40-character text streams as 3 deltas at the default 16.
   */
  chunkChars?: number;
}

/** A scripted successful reply: optional reasoning, text and tool calls. */
export interface FakeReplyTurn extends FakeStreamPacing {
  text?: string;
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  usage?: FakeUsage;
}

/**
 * A fault in the middle of a streamed reply. The turn is a reply like {@link FakeReplyTurn} (text `This
 * reply never finishes.` when it scripts no content), streamed with its pacing, and the fault strikes once
 * `afterEvents` of its events are sent: default 1, and never later than right before the events that close
 * the reply (finish reason, usage, end marker), so the reply never completes. The events are the provider's
 * own, in the order each fake documents.
 */
export type FakeStreamFaultTurn = FakeReplyTurn & {
  /**
   * - `stall`: nothing more is sent, and the connection stays open until the client aborts or the server
   *   closes (a model that went silent mid-answer). A non-streaming request gets the status, headers and
   *   half of its body, then the same silence.
   * - `cut`: the connection is destroyed, with no terminal event (a dropped connection). A non-streaming
   *   request gets the status, headers and half of its body first.
   * - `stream-error`: the provider's own in-stream error, then the end of the stream: Chat Completions a
   *   `data: {"error":…}` line and `[DONE]`; Responses an `error` event and `response.failed`; Anthropic
   *   `event: error` with `overloaded_error`; Gemini a `data: {"error":…}` chunk (503 UNAVAILABLE). A
   *   non-streaming request gets the same error as an HTTP answer instead (Anthropic 529, Gemini 503,
   *   OpenAI 500).
   */
  fault: 'stall' | 'cut' | 'stream-error';
  /** How many events of the reply are sent before the fault; 0 means right after the headers. */
  afterEvents?: number;
};

/** A scripted failure instead of a reply. */
export type FakeFaultTurn =
  /** 429 with a `retry-after` header and the provider's rate-limit error body (before any event). */
  | { fault: 'rate-limit'; retryAfterSeconds?: number }
  /** 500 (or another 5xx such as 503/529) with the provider's error body (before any event). */
  | { fault: 'server-error'; status?: number }
  /**
   * 200 with a truncated, unparseable body: half a JSON body, or for a streaming request an event stream
   * whose first event carries half its JSON.
   */
  | { fault: 'malformed' }
  /** Never answers, not even headers, until the client aborts or the server is closed. */
  | { fault: 'hang' }
  | FakeStreamFaultTurn;

/** One scripted reply of the fake model, or a fault. */
export type FakeTurn = FakeReplyTurn | FakeFaultTurn;

/** A request as the fake received it (also the ones it rejected). */
export interface RecordedRequest {
  method: string;
  /** URL path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Header names are lower-case, as Node delivers them. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
}

/** Options every fake provider server takes. */
export interface FakeServerOptions {
  /** Requests without this exact key get the provider's authentication error. */
  apiKey: string;
  /**
   * The script: the n-th accepted request gets `turns[n]` (a request the fake rejects consumes no turn);
   * or a function that picks the turn from the request and its 0-based index among accepted requests.
   */
  turns: FakeTurn[] | ((request: RecordedRequest, index: number) => FakeTurn);
  /** Delay before every answer (rejections and faults included), in milliseconds. */
  latencyMs?: number;
}

/** A running fake provider server bound to 127.0.0.1. */
export interface FakeServer {
  /** What to pass as the SDK provider's `baseURL`, e.g. `http://127.0.0.1:PORT/v1`. */
  baseURL: string;
  /** Every request received, in order, including the rejected ones. */
  requests: RecordedRequest[];
  /** The message of every 4xx the fake sent because the request was invalid (auth included). */
  rejections: string[];
  /** Stops the server and drops every open connection (hanging ones included). */
  close(): Promise<void>;
}

/** Narrows a turn to a fault. */
export function isFaultTurn(turn: FakeTurn): turn is FakeFaultTurn {
  return 'fault' in turn;
}

/** Rough token count: providers bill about four characters of English per token. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The usage to report for a turn: the scripted one, or an estimate from the request and the reply. */
export function usageFor(turn: FakeReplyTurn, rawRequestBody: string): FakeUsage {
  if (turn.usage !== undefined) return turn.usage;
  const replyText = [turn.reasoning ?? '', turn.text ?? '', JSON.stringify(turn.toolCalls ?? [])].join('');
  return { input: estimateTokens(rawRequestBody), output: estimateTokens(replyText) };
}
