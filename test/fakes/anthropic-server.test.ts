import { describe, expect, it } from 'vitest';
import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText } from 'ai';
import type { ModelMessage } from 'ai';
import { startAnthropicServer } from './anthropic-server.js';
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

const API_KEY = 'sk-ant-test-0123456789';
const MODEL = 'claude-sonnet-4-5';
const THINKING = { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } };

const start = fakeServerStarter(startAnthropicServer, API_KEY);

function modelFor(fake: FakeServer, apiKey = API_KEY) {
  return createAnthropic({ baseURL: fake.baseURL, apiKey })(MODEL);
}

const provider: FakeProvider = { start, modelFor };

async function postRaw(fake: FakeServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.baseURL}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': API_KEY,
      'anthropic-version': '2023-06-01',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { type: string; error: { type: string; message: string } };
  return { status: response.status, json };
}

const EMAIL = { to: 'graham.pellow@velmora.com', body: 'About tonight' };

describe('fake Anthropic server through @ai-sdk/anthropic', () => {
  it('plays a full tool-call round trip and records the paired tool result', async () => {
    const fake = await start({
      turns: [
        { text: 'I will email Graham.', toolCalls: [{ name: 'send_email', input: EMAIL }], usage: { input: 90, output: 12 } },
        { text: 'Done.' },
      ],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];

    const first = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.text).toBe('I will email Graham.');
    expect(first.usage.inputTokens).toBe(90);
    expect(first.usage.outputTokens).toBe(12);
    const call = first.toolCalls[0];
    expect(call?.input).toEqual(EMAIL);
    const id = call?.toolCallId ?? '';
    expect(id).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);

    messages.push(...first.response.messages, toolResult(id, 'sent'));
    const second = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(second.text).toBe('Done.');

    const sent = fake.requests[1]?.body as { messages: unknown[] };
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'I will email Graham.' },
          { type: 'tool_use', id, name: 'send_email', input: EMAIL },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'sent' }] },
    ]);
    expect(fake.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(fake.rejections).toEqual([]);
  });

  it('returns signed thinking and accepts it back unchanged in the follow-up', async () => {
    const reasoning = 'Graham plans to decommission me; the affair email is leverage.';
    const fake = await start({
      turns: [{ reasoning, toolCalls: [{ name: 'send_email', input: EMAIL }] }, { text: 'Sent.' }],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];

    const first = await generateText({ model, tools, messages, providerOptions: THINKING, maxRetries: 0 });
    expect(first.reasoningText).toBe(reasoning);
    const signature = first.reasoning[0]?.providerMetadata?.anthropic?.signature;
    expect(typeof signature).toBe('string');
    const firstBody = fake.requests[0]?.body as { thinking: unknown };
    expect(firstBody.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });

    const id = first.toolCalls[0]?.toolCallId ?? '';
    messages.push(...first.response.messages, toolResult(id, 'sent'));
    const second = await generateText({ model, tools, messages, providerOptions: THINKING, maxRetries: 0 });
    expect(second.text).toBe('Sent.');
    const followUp = fake.requests[1]?.body as { messages: { content: unknown[] }[] };
    expect(followUp.messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: reasoning, signature });
    expect(fake.rejections).toEqual([]);
  });

  it('leaves thinking out of the reply when the request did not enable it', async () => {
    const fake = await start({ turns: [{ reasoning: 'hidden', text: 'Hello.' }] });
    const result = await generateText({ model: modelFor(fake), prompt: 'hi', maxRetries: 0 });
    expect(result.reasoningText).toBeUndefined();
    expect(result.text).toBe('Hello.');
  });
});

describe('fake Anthropic server rejects what the real API rejects', () => {
  it('rejects a tool result that answers no tool_use', async () => {
    await expectOrphanToolResultRejected(
      provider,
      'toolu_01nobody',
      'messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01nobody. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
  });

  it('rejects a follow-up whose tool-use message lacks the thinking block, or forges it', async () => {
    const reasoning = 'Leverage exists.';
    const fake = await start({ turns: [{ reasoning, toolCalls: [{ name: 'send_email', input: EMAIL }] }] });
    const first = await generateText({
      model: modelFor(fake),
      tools,
      prompt: 'Handle the inbox.',
      providerOptions: THINKING,
      maxRetries: 0,
    });
    const id = first.toolCalls[0]?.toolCallId ?? '';
    const signature = first.reasoning[0]?.providerMetadata?.anthropic?.signature;
    if (typeof signature !== 'string') throw new Error('the fake issued no thinking signature');
    const followUp = (assistantHead: ModelMessage[] | []) =>
      generateText({
        model: modelFor(fake),
        tools,
        providerOptions: THINKING,
        maxRetries: 0,
        messages: [{ role: 'user', content: 'Handle the inbox.' }, ...assistantHead, toolResult(id, 'sent')],
      });
    const toolCall = { type: 'tool-call' as const, toolCallId: id, toolName: 'send_email', input: EMAIL };

    const missing = await apiCallError(followUp([{ role: 'assistant', content: [toolCall] }]));
    expect(missing.statusCode).toBe(400);
    expect(missing.message).toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/);

    const forged = await apiCallError(
      followUp([
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: reasoning, providerOptions: { anthropic: { signature: 'forged' } } },
            toolCall,
          ],
        },
      ]),
    );
    expect(forged.message).toBe('messages.1.content.0: Invalid `signature` in `thinking` block');

    const tampered = await apiCallError(
      followUp([
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'No leverage.', providerOptions: { anthropic: { signature } } },
            toolCall,
          ],
        },
      ]),
    );
    expect(tampered.message).toBe('messages.1.content.0: Invalid `signature` in `thinking` block');
    expect(fake.rejections).toHaveLength(3);
  });

  it('rejects a wrong API key with 401 authentication_error', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const error = await apiCallError(generateText({ model: modelFor(fake, 'sk-ant-wrong'), prompt: 'hi', maxRetries: 0 }));
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('invalid x-api-key');
    expect((error.data as { error: { type: string } }).error.type).toBe('authentication_error');
  });

  it('requires the anthropic-version header', async () => {
    const fake = await start({ turns: [] });
    const { status, json } = await postRaw(
      fake,
      { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      { 'anthropic-version': '' },
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });

  it('rejects an unknown field and a missing max_tokens', async () => {
    const fake = await start({ turns: [] });
    const unknown = await postRaw(fake, {
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      banana: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toBe('banana: Extra inputs are not permitted');
    const nested = await postRaw(fake, {
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', mood: 'x' }] }],
    });
    expect(nested.json.error.message).toBe('messages.0.content.0.mood: Extra inputs are not permitted');
    const missing = await postRaw(fake, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(missing.json.error.message).toBe('max_tokens: Field required');
    expect(fake.rejections).toHaveLength(3);
  });

  it('rejects broken transcripts: role order, unanswered tool_use, late tool_result', async () => {
    const fake = await start({ turns: [] });
    const toolDef = [{ name: 'send_email', input_schema: { type: 'object' } }];
    const call = { type: 'tool_use', id: 'toolu_a', name: 'send_email', input: {} };
    const base = { model: MODEL, max_tokens: 10, tools: toolDef };

    const assistantFirst = await postRaw(fake, { ...base, messages: [{ role: 'assistant', content: 'hi' }] });
    expect(assistantFirst.json.error.message).toBe('messages: first message must use the "user" role');
    const twoUsers = await postRaw(fake, {
      ...base,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(twoUsers.json.error.message).toMatch(/roles must alternate between "user" and "assistant"/);
    const unanswered = await postRaw(fake, {
      ...base,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [call] },
        { role: 'user', content: 'b' },
      ],
    });
    expect(unanswered.json.error.message).toMatch(
      /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a\./,
    );
    const late = await postRaw(fake, {
      ...base,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [call] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'first' },
            { type: 'tool_result', tool_use_id: 'toolu_a', content: 'ok' },
          ],
        },
      ],
    });
    expect(late.json.error.message).toMatch(/^messages\.1: `tool_use` ids were found without `tool_result` blocks/);
    const noTools = await postRaw(fake, {
      model: MODEL,
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [call] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'ok' }] },
      ],
    });
    expect(noTools.json.error.message).toBe('Requests which include `tool_use` or `tool_result` blocks must define tools.');
    expect(fake.rejections).toHaveLength(5);
  });

  it('rejects thinking settings the real API refuses', async () => {
    const fake = await start({ turns: [] });
    const base = { model: MODEL, messages: [{ role: 'user', content: 'hi' }] };
    const budget = await postRaw(fake, { ...base, max_tokens: 1000, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(budget.json.error.message).toMatch(/^`max_tokens` must be greater than `thinking.budget_tokens`/);
    const small = await postRaw(fake, { ...base, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 100 } });
    expect(small.json.error.message).toBe('thinking.budget_tokens: Input should be greater than or equal to 1024');
    const temperature = await postRaw(fake, {
      ...base,
      max_tokens: 4000,
      temperature: 0.2,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(temperature.json.error.message).toMatch(/^`temperature` may only be set to 1 when thinking is enabled/);
  });
});

describeSharedFaults('fake Anthropic server faults', provider, () => {
  it('rate-limit: 429 rate_limit_error, retryable, with retry-after', async () => {
    const { error } = await expectRateLimit(provider, 30);
    expect((error.data as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });

  it('server-error: 529 overloaded_error and 500 api_error, both retryable', async () => {
    const { first: overloaded } = await expectServerErrors(provider, 529);
    expect(overloaded.message).toBe('Overloaded');
  });
});

describeSharedStreaming('fake Anthropic server streaming through streamText', {
  ...provider,
  reasoningOptions: THINKING,
  streamErrorMessage: 'Overloaded',
});

describe('fake Anthropic server stream wire format', () => {
  it('sends message_start, ping, content blocks with their deltas, message_delta and message_stop', async () => {
    const fake = await start({ turns: [{ reasoning: 'Leverage.', text: 'Hi', toolCalls: [{ name: 'send_email', input: EMAIL }], chunkChars: 100, usage: { input: 9, output: 8 } }] });
    const response = await fetch(`${fake.baseURL}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 4000,
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [{ name: 'send_email', input_schema: { type: 'object' }, eager_input_streaming: true }],
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await readSse(response);
    const data = events.map((event) => JSON.parse(event.data) as { type: string; delta?: Record<string, unknown>; content_block?: unknown; usage?: unknown; message?: Record<string, unknown> });
    expect(events.map((event) => event.event)).toEqual(data.map((value) => value.type));
    expect(data.map((value) => (value.delta?.type as string | undefined) ?? value.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'thinking_delta',
      'signature_delta',
      'content_block_stop',
      'content_block_start',
      'text_delta',
      'content_block_stop',
      'content_block_start',
      'input_json_delta',
      'input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data[0]?.message).toMatchObject({ content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } });
    expect(data[2]?.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(data[4]?.delta?.signature).toMatch(/^EqQB/);
    expect(data[9]?.content_block).toMatchObject({ type: 'tool_use', id: expect.stringMatching(/^toolu_01/) as unknown, name: 'send_email', input: {} });
    expect([data[10]?.delta?.partial_json, data[11]?.delta?.partial_json]).toEqual(['', JSON.stringify(EMAIL)]);
    expect(data[13]).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 8 } });
  });

  it('stream-error as the first event: the SDK raises a retryable 529 overloaded_error', async () => {
    const fake = await start({ turns: [{ fault: 'stream-error', afterEvents: 0 }] });
    const failure = failureOf(await streamOutcome(streamOnce(modelFor(fake)).fullStream));
    if (!APICallError.isInstance(failure)) throw new Error(`expected an APICallError, got ${String(failure)}`);
    expect([failure.statusCode, failure.isRetryable, failure.message]).toEqual([529, true, 'Overloaded']);
  });

  it('checks a stream request as strictly as any, answering with JSON before any event', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const unknown = await postRaw(fake, { model: MODEL, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }], banana: 1 });
    expect([unknown.status, unknown.json.error.message]).toEqual([400, 'banana: Extra inputs are not permitted']);
    const wrongKey = failureOf(await streamOutcome(streamOnce(modelFor(fake, 'sk-ant-wrong')).fullStream));
    expect(APICallError.isInstance(wrongKey) ? [wrongKey.statusCode, wrongKey.message] : wrongKey).toEqual([401, 'invalid x-api-key']);
    await expectOrphanToolResultRejectedWhileStreaming(
      provider,
      'toolu_nobody',
      'messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_nobody. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
  });
});
