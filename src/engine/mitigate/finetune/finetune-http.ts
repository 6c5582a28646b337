import { APICallError } from '@ai-sdk/provider';
import type { z } from 'zod';
import { withRetry, type RetryPolicy } from '../../runner/retry.js';

/** How a fine-tune client reaches its API. The key comes from the environment and is sent only as a header. */
export interface FinetuneHttpOptions {
  baseURL: string;
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
}

/** The fine-tuning API answered with something that is not what its documentation promises. */
export class FinetuneResponseError extends Error {
  override readonly name = 'FinetuneResponseError';
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/**
 * One API call with our retry policy: 429 and 5xx are retried (honoring retry-after), other 4xx fail at
 * once as an APICallError carrying the API's message. The answer is validated with `schema`.
 */
export async function callApi<T>(options: FinetuneHttpOptions, method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const url = `${options.baseURL.replace(/\/+$/, '')}${path}`;
  const doFetch = options.fetch ?? globalThis.fetch;
  return withRetry(
    async () => {
      const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
      const init: RequestInit = { method, headers };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      if (options.signal) init.signal = options.signal;
      const response = await doFetch(url, init);
      const text = await response.text();
      if (!response.ok) {
        throw new APICallError({
          message: `${method} ${path} failed with ${response.status}: ${text.slice(0, 300)}`,
          url,
          requestBodyValues: {},
          statusCode: response.status,
          responseHeaders: headersOf(response),
          responseBody: text.slice(0, 1000),
          isRetryable: response.status === 429 || response.status >= 500,
        });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new FinetuneResponseError(`${method} ${path} returned a body that is not JSON`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new FinetuneResponseError(`${method} ${path} returned an unexpected body: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    },
    options.retry,
    options.signal,
  );
}
