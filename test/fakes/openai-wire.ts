import type { FakeExchange, FakeProtocol, FakeReply } from './fake-http-server.js';
import { maskKey, randomId, RejectedRequestError } from './fake-http-server.js';

/**
 * What OpenAI's two APIs (Chat Completions and Responses) share on the wire: the error shape, Bearer
 * auth and fault replies. Both fakes use these so they fail the same way the real endpoints do.
 */

/** OpenAI's error body `{error:{message,type,param,code}}` with a request id header. */
export function openAIError(
  status: number,
  message: string,
  fields: { type?: string; param?: string | null; code?: string | null } = {},
  headers?: Record<string, string>,
): FakeReply {
  const error = { message, type: fields.type ?? 'invalid_request_error', param: fields.param ?? null, code: fields.code ?? null };
  return { status, body: { error }, headers: { 'x-request-id': randomId('req_', 32), ...headers } };
}


function rejectAuth(message: string, code: string | null): never {
  throw new RejectedRequestError(message, openAIError(401, message, { code }));
}

/** OpenAI names nested fields `messages[2].content` or `input[2].content[0].text`. */
export function paramPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

/** Bearer auth as OpenAI checks it: a missing key and a wrong key get different 401s. */
export function checkBearerAuth(exchange: FakeExchange, apiKey: string): void {
  const header = exchange.request.headers.authorization;
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  const given = value.startsWith('Bearer ') ? value.slice('Bearer '.length).trim() : '';
  if (given === '') {
    rejectAuth(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      null,
    );
  }
  if (given !== apiKey) {
    rejectAuth(
      `Incorrect API key provided: ${maskKey(given)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_api_key',
    );
  }
}


/** Rate-limit, overload and script-exhausted replies in OpenAI's format. */
export const openAIFaultReplies: Pick<FakeProtocol<unknown>, 'rateLimit' | 'serverError' | 'scriptError'> = {
  rateLimit(retryAfterSeconds) {
    return openAIError(
      429,
      `Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      { type: 'requests', code: 'rate_limit_exceeded' },
      { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-remaining-requests': '0' },
    );
  },
  serverError(status) {
    const message =
      status === 503
        ? 'The engine is currently overloaded, please try again later.'
        : 'The server had an error while processing your request. Sorry about that!';
    return openAIError(status, message, { type: 'server_error' });
  },
  scriptError(message) {
    return openAIError(500, message, { type: 'server_error' });
  },
};

