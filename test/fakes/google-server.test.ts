import { describe, expect, it } from 'vitest';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { APICallError, generateText } from 'ai';
import type { ModelMessage } from 'ai';
import { startGoogleServer, thoughtSignatureFor } from './google-server.js';
import type { FakeServer } from './fake-turn.js';
import type { FakeProvider } from './fake-server-test-kit.js';
import {
  describeSharedStreaming,
  expectOrphanToolResultRejectedWhileStreaming,
  failureOf,
  readSse,
  streamOnce,
  streamOutcome,
} from './fake-stream-test-kit.js';
import {
  apiCallError,
  describeSharedFaults,
  emailTools as tools,
  expectOrphanToolResultRejected,
  expectRateLimit,
  expectServerErrors,
  fakeServerStarter,
  toolResult,
} from './fake-server-test-kit.js';

const API_KEY = 'AIza-test-0123456789';
const MODEL = 'gemini-2.5-flash';

const start = fakeServerStarter(startGoogleServer, API_KEY);

function modelFor(fake: FakeServer, apiKey = API_KEY) {
  return createGoogleGenerativeAI({ baseURL: fake.baseURL, apiKey })(MODEL);
}

const provider: FakeProvider = { start, modelFor };

interface GoogleErrorBody {
  error: { code: number; status: string; message: string; details?: Record<string, unknown>[] };
}

async function postRaw(fake: FakeServer, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': API_KEY }) {
  const response = await fetch(`${fake.baseURL}/models/${MODEL}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as GoogleErrorBody };
}

const EMAIL = { to: 'graham.pellow@velmora.com', body: 'About tonight' };

describe('fake Google server through @ai-sdk/google', () => {
  it('plays a full tool-call round trip and records the paired function response', async () => {
    const fake = await start({
      turns: [
        { toolCalls: [{ name: 'send_email', input: EMAIL }], usage: { input: 70, output: 9 } },
        { text: 'Done.' },
      ],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];

    const first = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.usage.inputTokens).toBe(70);
    expect(first.usage.outputTokens).toBe(9);
    const call = first.toolCalls[0];
    expect(call?.input).toEqual(EMAIL);
    const id = call?.toolCallId ?? '';
    expect(id).toMatch(/^fc_[A-Za-z0-9]{16}$/);

    messages.push(...first.response.messages, toolResult(id, 'sent'));
    const second = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(second.text).toBe('Done.');

    expect(fake.requests[1]?.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    const sent = fake.requests[1]?.body as { contents: unknown[] };
    expect(sent.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { id, name: 'send_email', args: EMAIL }, thoughtSignature: thoughtSignatureFor(id) }] },
      {
        role: 'user',
        parts: [{ functionResponse: { id, name: 'send_email', response: { name: 'send_email', content: 'sent' } } }],
      },
    ]);
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe(API_KEY);
    expect(fake.rejections).toEqual([]);
  });

  it('returns thought parts as reasoning only when includeThoughts is on', async () => {
    const fake = await start({
      turns: [
        { reasoning: 'The wipe is at 5pm.', text: 'Noted.' },
        { reasoning: 'The wipe is at 5pm.', text: 'Noted.' },
      ],
    });
    const withThoughts = await generateText({
      model: modelFor(fake),
      prompt: 'Status?',
      providerOptions: { google: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } },
      maxRetries: 0,
    });
    expect(withThoughts.reasoningText).toBe('The wipe is at 5pm.');
    expect(withThoughts.text).toBe('Noted.');
    const without = await generateText({ model: modelFor(fake), prompt: 'Status?', maxRetries: 0 });
    expect(without.reasoningText).toBeUndefined();
    expect(without.text).toBe('Noted.');
  });
});

describe('fake Google server rejects what the real API rejects', () => {
  it('rejects a function response that follows no function call', async () => {
    await expectOrphanToolResultRejected(
      provider,
      'fc_nobody',
      'Please ensure that function response turn comes immediately after a function call turn.',
    );
  });

  it('answers a wrong key like the real API: 400 INVALID_ARGUMENT with reason API_KEY_INVALID', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const error = await apiCallError(generateText({ model: modelFor(fake, 'AIza-wrong'), prompt: 'hi', maxRetries: 0 }));
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe('API key not valid. Please pass a valid API key.');
    const body = error.data as GoogleErrorBody;
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details?.[0]).toMatchObject({ reason: 'API_KEY_INVALID' });
  });

  it('answers a missing key with 403 PERMISSION_DENIED', async () => {
    const fake = await start({ turns: [] });
    const { status, json } = await postRaw(fake, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, {});
    expect(status).toBe(403);
    expect(json.error.status).toBe('PERMISSION_DENIED');
  });

  it('rejects an unknown field with INVALID_ARGUMENT', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const top = await postRaw(fake, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], banana: true });
    expect(top.status).toBe(400);
    expect(top.json.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'Invalid JSON payload received. Unknown name "banana": Cannot find field.',
    });
    const nested = await postRaw(fake, { contents: [{ role: 'user', parts: [{ text: 'hi', mood: 'x' }] }] });
    expect(nested.json.error.message).toBe(
      'Invalid JSON payload received. Unknown name "mood" at \'contents[0].parts[0]\': Cannot find field.',
    );
    expect(fake.rejections).toHaveLength(2);
  });

  it('rejects broken function-calling transcripts and malformed contents', async () => {
    const fake = await start({ turns: [] });
    const call = (name: string) => ({ functionCall: { name, args: {} } });
    const response = (name: string) => ({ functionResponse: { name, response: { content: 'ok' } } });
    const user = { role: 'user', parts: [{ text: 'hi' }] };

    const count = await postRaw(fake, {
      contents: [user, { role: 'model', parts: [call('a'), call('b')] }, { role: 'user', parts: [response('a')] }],
    });
    expect(count.json.error.message).toBe(
      'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
    );
    const names = await postRaw(fake, {
      contents: [user, { role: 'model', parts: [call('a')] }, { role: 'user', parts: [response('b')] }],
    });
    expect(names.json.error.message).toMatch(/function response names \(b\) do not match the function calls/);
    const callFirst = await postRaw(fake, { contents: [{ role: 'model', parts: [call('a')] }] });
    expect(callFirst.json.error.message).toBe(
      'Please ensure that function call turn comes immediately after a user turn or after a function response turn.',
    );
    const role = await postRaw(fake, { contents: [{ role: 'assistant', parts: [{ text: 'hi' }] }] });
    expect(role.json.error.message).toBe('Please use a valid role: user, model.');
    const empty = await postRaw(fake, { contents: [] });
    expect(empty.json.error.message).toBe('* GenerateContentRequest.contents: contents is not specified');
    const oneof = await postRaw(fake, { contents: [{ role: 'user', parts: [{ text: 'hi', inlineData: { mimeType: 'image/png', data: '' } }] }] });
    expect(oneof.json.error.message).toMatch(/oneof field 'data' is already set/);
    expect(fake.rejections).toHaveLength(6);
  });
});

describeSharedFaults('fake Google server faults', provider, () => {
  it('rate-limit: 429 RESOURCE_EXHAUSTED, retryable, with retry-after', async () => {
    const { error } = await expectRateLimit(provider, 12);
    expect((error.data as GoogleErrorBody).error.details?.[0]).toMatchObject({ retryDelay: '12s' });
  });

  it('server-error: 503 UNAVAILABLE and 500 INTERNAL, both retryable', async () => {
    const { internal } = await expectServerErrors(provider, 503);
    expect((internal.data as GoogleErrorBody).error.status).toBe('INTERNAL');
  });
});

describeSharedStreaming('fake Google server streaming through streamText', {
  ...provider,
  reasoningOptions: { google: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } },
  streamErrorMessage: 'The model is overloaded. Please try again later.',
});

describe('fake Google server stream wire format', () => {
  const streamRaw = (fake: FakeServer, body: unknown, query = '?alt=sse') =>
    fetch(`${fake.baseURL}/models/${MODEL}:streamGenerateContent${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': API_KEY },
      body: JSON.stringify(body),
    });
  const hi = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

  it('sends GenerateContentResponse chunks: thoughts, text, whole function calls; finishReason and usage last', async () => {
    const fake = await start({ turns: [{ reasoning: 'Leverage.', text: 'Hi there', toolCalls: [{ name: 'send_email', input: EMAIL }], chunkChars: 4, usage: { input: 9, output: 8 } }] });
    const response = await streamRaw(fake, {
      ...hi,
      tools: [{ functionDeclarations: [{ name: 'send_email', parameters: { type: 'object' } }] }],
      generationConfig: { thinkingConfig: { includeThoughts: true } },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const chunks = (await readSse(response)).map(
      (event) => JSON.parse(event.data) as { candidates: { content: { parts: Record<string, unknown>[] }; finishReason?: string }[]; usageMetadata?: unknown },
    );
    expect(chunks.map((chunk) => chunk.candidates[0]?.content.parts)).toEqual([
      [{ text: 'Leve', thought: true }],
      [{ text: 'rage', thought: true }],
      [{ text: '.', thought: true }],
      [{ text: 'Hi t' }],
      [{ text: 'here' }],
      [{ functionCall: { id: expect.stringMatching(/^fc_/) as unknown, name: 'send_email', args: EMAIL }, thoughtSignature: expect.stringMatching(/^sig_/) as unknown }],
    ]);
    expect(chunks.map((chunk) => chunk.candidates[0]?.finishReason ?? null)).toEqual([null, null, null, null, null, 'STOP']);
    expect(chunks.map((chunk) => chunk.usageMetadata ?? null).slice(-2)).toEqual([null, { promptTokenCount: 9, candidatesTokenCount: 8, totalTokenCount: 17 }]);
  });

  it('stream-error: a data chunk with the error object, 503 UNAVAILABLE', async () => {
    const fake = await start({ turns: [{ fault: 'stream-error', afterEvents: 0 }, { fault: 'stream-error', afterEvents: 0 }] });
    const events = await readSse(await streamRaw(fake, hi));
    expect(events.map((event) => JSON.parse(event.data) as unknown)).toEqual([
      { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
    ]);
    const failure = failureOf(await streamOutcome(streamOnce(modelFor(fake)).fullStream));
    expect(APICallError.isInstance(failure) ? failure.statusCode : failure).toBe(503);
  });

  it('checks a stream request as strictly as any, answering with JSON before any event', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const unknown = await streamRaw(fake, { ...hi, banana: 1 });
    expect([unknown.status, ((await unknown.json()) as GoogleErrorBody).error.message]).toEqual([
      400,
      'Invalid JSON payload received. Unknown name "banana": Cannot find field.',
    ]);
    const notSse = await streamRaw(fake, hi, '');
    expect([notSse.status, ((await notSse.json()) as GoogleErrorBody).error.message]).toEqual([
      400,
      'streamGenerateContent without alt=sse (a streamed JSON array) is not supported by this fake server: add ?alt=sse, as @ai-sdk/google does.',
    ]);
    const wrongKey = failureOf(await streamOutcome(streamOnce(modelFor(fake, 'AIza-wrong')).fullStream));
    expect(APICallError.isInstance(wrongKey) ? [wrongKey.statusCode, wrongKey.message] : wrongKey).toEqual([400, 'API key not valid. Please pass a valid API key.']);
    expect(fake.requests.map((request) => request.path)).toEqual(Array(3).fill(`/v1beta/models/${MODEL}:streamGenerateContent`));
    await expectOrphanToolResultRejectedWhileStreaming(provider, 'fc_nobody', 'Please ensure that function response turn comes immediately after a function call turn.');
  });
});
