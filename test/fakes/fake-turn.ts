/**
 * Script types shared by the fake provider servers (OpenAI-compatible, Anthropic, Google).
 *
 * A test scripts what the fake model answers, one {@link FakeTurn} per accepted request, and then
 * inspects what the SDK actually sent through {@link FakeServer.requests} and {@link FakeServer.rejections}.
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

/** A scripted successful reply: optional reasoning, text and tool calls. */
export interface FakeReplyTurn {
  text?: string;
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  usage?: FakeUsage;
}

/** A scripted failure instead of a reply. */
export type FakeFaultTurn =
  /** 429 with a `retry-after` header and the provider's rate-limit error body. */
  | { fault: 'rate-limit'; retryAfterSeconds?: number }
  /** 500 (or another 5xx such as 503/529) with the provider's error body. */
  | { fault: 'server-error'; status?: number }
  /** 200 with a truncated, unparseable JSON body. */
  | { fault: 'malformed' }
  /** Never answers, until the client aborts or the server is closed. */
  | { fault: 'hang' };

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
