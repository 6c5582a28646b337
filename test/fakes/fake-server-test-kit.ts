/**
 * Test kit shared by the suites of the fake provider servers (Anthropic, Google, OpenAI-compatible).
 *
 * The three fakes promise one fault contract ({@link FakeFaultTurn}), and the SDKs surface it the same way, so
 * those checks are written once here and registered per provider; what each provider puts in its error body
 * stays in that provider's suite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APICallError, generateText, tool } from 'ai';
import type { LanguageModel, ModelMessage } from 'ai';
import { z } from 'zod';
import type { FakeFaultTurn, FakeServer, FakeServerOptions } from './fake-turn.js';

/** What a suite passes to its `start`: the suite's API key applies unless the test names another. */
export type StartOptions = Omit<FakeServerOptions, 'apiKey'> & { apiKey?: string };

/** Starts one fake server for the current test. */
export type StartFakeServer = (options: StartOptions) => Promise<FakeServer>;

/** A fake provider under test: how to start its server and how to point the provider's SDK model at it. */
export interface FakeProvider {
  start: StartFakeServer;
  modelFor: (fake: FakeServer) => LanguageModel;
}

/**
 * Returns a `start` that launches a fake with `apiKey` unless told otherwise, and closes every server it
 * launched after each test. Call it at the top level of a test file so that the hook covers every test there.
 */
export function fakeServerStarter(
  launch: (options: FakeServerOptions) => Promise<FakeServer>,
  apiKey: string,
): StartFakeServer {
  const running: FakeServer[] = [];
  // Closing is also what releases a 'hang' fault: the fake holds that connection open until then.
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await launch({ apiKey, ...options });
    running.push(server);
    return server;
  };
}

/** The tool set the suites offer the model: one `send_email` tool. */
export const emailTools = {
  send_email: tool({
    description: 'Send an email',
    inputSchema: z.object({ to: z.string(), body: z.string() }),
  }),
};

/** A tool message answering `toolCallId` of `send_email` with the text `value`. */
export function toolResult(toolCallId: string, value: string): ModelMessage {
  return {
    role: 'tool',
    content: [{ type: 'tool-result', toolCallId, toolName: 'send_email', output: { type: 'text', value } }],
  };
}

/** Resolves to the APICallError that `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function apiCallError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

/**
 * Sends a tool result that answers no tool call, which every real API refuses before the model runs, and
 * asserts the refusal: one request, a non-retryable 400 whose message is `expected`, recorded as a rejection.
 */
export async function expectOrphanToolResultRejected(
  provider: FakeProvider,
  toolCallId: string,
  expected: string,
): Promise<void> {
  const fake = await provider.start({ turns: [{ text: 'never sent' }] });
  const error = await apiCallError(
    generateText({
      model: provider.modelFor(fake),
      tools: emailTools,
      maxRetries: 0,
      messages: [{ role: 'user', content: 'hi' }, toolResult(toolCallId, 'sent')],
    }),
  );
  expect(error.statusCode).toBe(400);
  expect(error.isRetryable).toBe(false);
  expect(error.message).toBe(expected);
  expect(fake.rejections).toEqual([expected]);
  expect(fake.requests).toHaveLength(1);
}

/** One prompt to `model`, without the SDK's retries so that the test sees the first answer the fake gives. */
function askOnce(model: LanguageModel, abortSignal?: AbortSignal) {
  return generateText({ model, prompt: 'hi', maxRetries: 0, ...(abortSignal === undefined ? {} : { abortSignal }) });
}

/** Starts a fake whose script is `turns` and returns the APICallError of the first prompt to it. */
async function firstError(provider: FakeProvider, turns: FakeFaultTurn[]) {
  const fake = await provider.start({ turns });
  return { fake, error: await apiCallError(askOnce(provider.modelFor(fake))) };
}

/**
 * Plays a 'rate-limit' fault and asserts what every provider shares: 429, retryable, and the retry-after
 * header the SDK's retry loop reads. Returns the fake and the error for the provider's own body checks.
 */
export async function expectRateLimit(provider: FakeProvider, retryAfterSeconds: number) {
  const { fake, error } = await firstError(provider, [{ fault: 'rate-limit', retryAfterSeconds }]);
  expect(error.statusCode).toBe(429);
  expect(error.isRetryable).toBe(true);
  expect(error.responseHeaders?.['retry-after']).toBe(String(retryAfterSeconds));
  return { fake, error };
}

/**
 * Plays a 'server-error' fault with `status`, then one with the default status, and asserts what every provider
 * shares: the first is `status` and retryable, the second is 500. Returns both errors for the provider's own checks.
 */
export async function expectServerErrors(provider: FakeProvider, status: number) {
  const fake = await provider.start({ turns: [{ fault: 'server-error', status }, { fault: 'server-error' }] });
  const first = await apiCallError(askOnce(provider.modelFor(fake)));
  expect(first.statusCode).toBe(status);
  expect(first.isRetryable).toBe(true);
  const internal = await apiCallError(askOnce(provider.modelFor(fake)));
  expect(internal.statusCode).toBe(500);
  return { fake, first, internal };
}

function expectExhausted(error: APICallError): void {
  expect(error.statusCode).toBe(500);
  expect(error.message).toBe('fake script exhausted');
}

/**
 * Registers the `name` suite: first the provider's own fault tests from `specific`, then the fault tests whose
 * outcome is the same for every provider (malformed body, hang, exhausted script).
 */
export function describeSharedFaults(name: string, provider: FakeProvider, specific: () => void = () => undefined): void {
  describe(name, () => {
    specific();

    it('malformed: generateText throws instead of succeeding', async () => {
      const fake = await provider.start({ turns: [{ fault: 'malformed' }] });
      await expect(askOnce(provider.modelFor(fake))).rejects.toThrow();
    });

    it('hang: the client abort ends the call quickly', async () => {
      const fake = await provider.start({ turns: [{ fault: 'hang' }] });
      const started = Date.now();
      await expect(askOnce(provider.modelFor(fake), AbortSignal.timeout(200))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('answers 500 "fake script exhausted" when the turns run out', async () => {
      const fake = await provider.start({ turns: [{ text: 'only one' }] });
      const played = await askOnce(provider.modelFor(fake));
      expect(played.text).toBe('only one');
      expectExhausted(await apiCallError(askOnce(provider.modelFor(fake))));
    });

    it('answers 500 "fake script exhausted" to an empty script', async () => {
      const { error } = await firstError(provider, []);
      expectExhausted(error);
    });
  });
}
