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

/**
 * Watches by the abort signal of their call. The SDK hands a call's `abortSignal` to `fetch` unchanged,
 * so the signal is what ties a request to its call; an AsyncLocalStorage would do the same but, on
 * Node 20, turns on promise hooks for every promise of the process.
 */
const watches = new WeakMap<AbortSignal, CallWatch>();

/** Tells `watch` about every HTTP response a provider fetches with `signal`. */
export function watchCall(signal: AbortSignal, watch: CallWatch): void {
  watches.set(signal, watch);
}

/** Statuses whose responses cannot carry a body, so there is nothing to re-wrap. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps a fetch so the watch of the request's signal (if any) hears headers and body chunks. For an
 * unwatched request it is the plain fetch. `base` is read at call time so a stubbed global fetch still works.
 */
export function watchedFetch(base?: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const watch = signal ? watches.get(signal) : undefined;
    const response = await (base ?? globalThis.fetch)(input, init);
    if (!watch) return response;
    watch.onHeaders(response.status, response.headers.get('content-type'));
    if (!response.body || NO_BODY.has(response.status)) return response;
    // One pull-based stream over the body's reader: a pipeThrough would cost two more streams per call.
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        watch.onBytes();
        controller.enqueue(next.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
