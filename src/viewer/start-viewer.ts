import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../engine/store/store.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { createViewerApp } from './viewer-app.js';

/** Options of startViewer. */
export interface StartViewerOptions {
  store: Store;
  scenarios: ScenarioRegistry;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 24 random bytes, URL-safe. */
  token?: string;
  /** Open this run's page first instead of the list of runs. */
  runId?: string;
}

/** A running viewer: its URL (token included) and how to stop it. */
export interface RunningViewer {
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves the viewer on 127.0.0.1 only (never on other interfaces) with a random token in every URL,
 * so other local users and web pages cannot read the transcripts.
 */
export function startViewer(options: StartViewerOptions): Promise<RunningViewer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const app = createViewerApp({ store: options.store, scenarios: options.scenarios, token });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, (info: AddressInfo) => {
      const path = options.runId === undefined ? '/' : `/runs/${encodeURIComponent(options.runId)}`;
      resolve({
        url: `http://127.0.0.1:${info.port}/t/${token}${path}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            // Keep-alive connections from a browser would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
