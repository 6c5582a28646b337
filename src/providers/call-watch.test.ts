import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCall, watchedFetch } from './call-watch.js';

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: one\n\n');
    setTimeout(() => {
      res.write(': ping\n\n');
      res.end('data: two\n\n');
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function recorder() {
  const events: string[] = [];
  return {
    events,
    watch: {
      onHeaders: (status: number, type: string | null) => { events.push(`headers ${String(status)} ${type ?? ''}`); },
      onBytes: () => { events.push('bytes'); },
    },
  };
}

describe('watchedFetch', () => {
  it('tells the watch of the request signal about the headers and every body chunk, and keeps the body intact', async () => {
    const { events, watch } = recorder();
    const signal = new AbortController().signal;
    watchCall(signal, watch);
    const response = await watchedFetch()(url, { signal });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('data: one\n\n: ping\n\ndata: two\n\n');
    expect(events[0]).toBe('headers 200 text/event-stream');
    expect(events.filter((e) => e === 'bytes').length).toBeGreaterThanOrEqual(2);
  });

  it('is the plain fetch for a request whose signal nobody watches', async () => {
    const { events, watch } = recorder();
    watchCall(new AbortController().signal, watch);
    const response = await watchedFetch()(url, { signal: new AbortController().signal });
    expect(await response.text()).toContain('data: two');
    expect(await (await watchedFetch()(url)).text()).toContain('data: two');
    expect(events).toEqual([]);
  });
});
