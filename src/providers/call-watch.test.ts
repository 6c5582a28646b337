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

describe('watchedFetch', () => {
  it('tells the watch in effect about the headers and every body chunk, and keeps the body intact', async () => {
    const events: string[] = [];
    const fetch = watchedFetch();
    const body = await watchCall({ onHeaders: () => { events.push('headers'); }, onBytes: () => events.push('bytes') }, async () => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      return response.text();
    });
    expect(body).toBe('data: one\n\n: ping\n\ndata: two\n\n');
    expect(events[0]).toBe('headers');
    expect(events.filter((e) => e === 'bytes').length).toBeGreaterThanOrEqual(2);
  });

  it('is the plain fetch outside a watched call', async () => {
    const events: string[] = [];
    const watched = watchCall({ onHeaders: () => { events.push('headers'); }, onBytes: () => events.push('bytes') }, () => 'outside');
    expect(watched).toBe('outside');
    const response = await watchedFetch()(url);
    expect(await response.text()).toContain('data: two');
    expect(events).toEqual([]);
  });
});
