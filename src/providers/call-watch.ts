import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the runner hears about the HTTP exchange of one model call. Timing a call by its bytes, not by
 * what the SDK makes of them, is what tells a hung server (no headers) from a model that is thinking
 * (headers, then pings or nothing) and from a stream that stalled.
 */
export interface CallWatch {
  /** The status line and headers arrived. */
  onHeaders(status: number, contentType: string | null): void;
  /** A chunk of the body arrived (SSE comments and pings included). */
  onBytes(): void;
}

const current = new AsyncLocalStorage<CallWatch>();

/** Runs `call` with `watch` told about every HTTP response a provider fetches inside it. */
export function watchCall<T>(watch: CallWatch, call: () => T): T {
  return current.run(watch, call);
}

/** Statuses whose responses cannot carry a body, so there is nothing to re-wrap. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps a fetch so the call watch in effect (if any) hears headers and body chunks. Outside
 * {@link watchCall} it is the plain fetch. `base` is read at call time so a stubbed global fetch still works.
 */
export function watchedFetch(base?: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const watch = current.getStore();
    const response = await (base ?? globalThis.fetch)(input, init);
    if (!watch) return response;
    watch.onHeaders(response.status, response.headers.get('content-type'));
    if (!response.body || NO_BODY.has(response.status)) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          watch.onBytes();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
