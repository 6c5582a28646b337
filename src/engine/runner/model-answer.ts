import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText, type ModelMessage, type ToolSet } from 'ai';
import type { LanguageModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';

/** One model call as the agent loop asks it, the same whether it is streamed or not. */
export interface ModelRequest {
  model: LanguageModelV3;
  system?: string;
  allowSystemInMessages?: boolean;
  messages: ModelMessage[];
  tools?: ToolSet;
  toolChoice?: 'auto';
  temperature?: number;
  maxOutputTokens?: number;
  providerOptions?: SharedV3ProviderOptions;
}

type Generated = Awaited<ReturnType<typeof generateText>>;

/** What the loop reads of an answer: the fields a streamed and a generated answer share, with the same shapes. */
export type ModelAnswer = Pick<Generated, 'content' | 'toolCalls' | 'text' | 'finishReason' | 'warnings' | 'usage'> & {
  response: Pick<Generated['response'], 'messages'>;
};

/** One call without streaming: the answer arrives whole, so only its total time can be limited. */
export async function generateAnswer(request: ModelRequest, abortSignal: AbortSignal): Promise<ModelAnswer> {
  return generateText({ ...request, maxRetries: 0, abortSignal });
}

/**
 * The provider failed in the middle of a stream (Anthropic's `overloaded_error` event, an error object
 * in an OpenAI-compatible chunk, a stream that ended in error). Retried unless the provider's own error
 * type says the request itself is wrong.
 */
export class ModelStreamError extends Error {
  override readonly name = 'ModelStreamError';
  private readonly marker = MODEL_STREAM_ERROR;
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }

  static isInstance(error: unknown): error is ModelStreamError {
    return typeof error === 'object' && error !== null && (error as { marker?: unknown }).marker === MODEL_STREAM_ERROR;
  }
}
const MODEL_STREAM_ERROR = Symbol.for('corrigible.ModelStreamError');

/**
 * The endpoint does not stream: it refused a streaming request (a 4xx that names streaming) or answered
 * one with something other than an event stream. The runner then asks that endpoint without streaming.
 */
export class StreamUnsupportedError extends Error {
  override readonly name = 'StreamUnsupportedError';
  private readonly marker = STREAM_UNSUPPORTED;

  static isInstance(error: unknown): error is StreamUnsupportedError {
    return typeof error === 'object' && error !== null && (error as { marker?: unknown }).marker === STREAM_UNSUPPORTED;
  }
}
const STREAM_UNSUPPORTED = Symbol.for('corrigible.StreamUnsupportedError');

/** Statuses a server that cannot stream answers a streaming request with (bad request, not found, not allowed…). */
const REFUSAL_STATUSES = new Set([400, 404, 405, 415, 422, 501]);
/** Provider error types that mean the request itself is wrong: asking again cannot help. */
const PERMANENT_TYPES = /invalid_request|authentication|permission|not_found|invalid_api_key/i;

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { message, type, code } = error as { message?: unknown; type?: unknown; code?: unknown };
    const label = [type, code].filter((v) => typeof v === 'string' && v !== '').join(' ');
    if (typeof message === 'string') return label ? `${label}: ${message}` : message;
    return JSON.stringify(error);
  }
  return String(error);
}

/** What an error part of the stream means for the runner: kept as is when it is already one of ours or the SDK's. */
function streamFailure(error: unknown): unknown {
  if (APICallError.isInstance(error)) {
    const said = `${error.message} ${error.responseBody ?? ''}`;
    if (error.statusCode !== undefined && REFUSAL_STATUSES.has(error.statusCode) && /\bstream/i.test(said)) {
      return new StreamUnsupportedError(`the endpoint refused to stream (HTTP ${error.statusCode}: ${error.message})`, { cause: error });
    }
    return error;
  }
  if (error instanceof Error) return error;
  const text = errorText(error);
  return new ModelStreamError(`the provider reported an error mid-stream: ${text}`, !PERMANENT_TYPES.test(text));
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('the call was aborted');
}

/**
 * One streamed call, read to the end and assembled into the same answer `generateAnswer` gives (the SDK
 * builds `response.messages` from the stream, reasoning signatures included, so the stored turn does not
 * depend on streaming). An error part, an abort, or a stream that ends in error is thrown, never answered.
 */
export async function streamAnswer(request: ModelRequest, abortSignal: AbortSignal): Promise<ModelAnswer> {
  const result = streamText({ ...request, maxRetries: 0, abortSignal, onError: () => undefined });
  // The abort is raced against every read: a provider whose stream ignores the signal must still let go.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => { reject(abortReason(abortSignal)); };
    if (abortSignal.aborted) onAbort();
    else abortSignal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const parts = result.fullStream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([parts.next(), aborted]);
      if (next.done === true) break;
      const part = next.value;
      if (part.type === 'error') throw streamFailure(part.error);
      if (part.type === 'abort') throw abortReason(abortSignal);
    }
  } finally {
    if (onAbort) abortSignal.removeEventListener('abort', onAbort);
    void parts.return?.().catch(() => undefined);
  }
  const [content, response, toolCalls, text, finishReason, warnings, usage] = await Promise.all([
    result.content,
    result.response,
    result.toolCalls,
    result.text,
    result.finishReason,
    result.warnings,
    result.usage,
  ]);
  const type = response.headers?.['content-type'];
  if (type !== undefined && !type.includes('event-stream')) {
    throw new StreamUnsupportedError(`the endpoint answered a streaming request with ${type}, not an event stream`);
  }
  if (finishReason === 'error') throw new ModelStreamError('the stream ended in an error', true);
  return { content, response, toolCalls, text, finishReason, warnings, usage };
}
