import { describe, expect, it } from 'vitest';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import type { ModelMessage } from 'ai';
import { startOpenAICompatibleServer } from './openai-compatible-server.js';
import type { FakeServer } from './fake-turn.js';
import type { FakeProvider } from './fake-server-test-kit.js';
import {
  describeSharedStreaming,
  expectOrphanToolResultRejectedWhileStreaming,
  readSse,
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

const API_KEY = 'sk-test-openai-0123456789';

const start = fakeServerStarter(startOpenAICompatibleServer, API_KEY);

function modelFor(fake: FakeServer, apiKey = API_KEY) {
  return createOpenAICompatible({ name: 'fake', baseURL: fake.baseURL, apiKey, includeUsage: true }).chatModel('fake-model');
}

const provider: FakeProvider = { start, modelFor };

async function postRaw(fake: FakeServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { message: string; param: string | null } };
  return { status: response.status, json };
}

describe('fake OpenAI-compatible server through @ai-sdk/openai-compatible', () => {
  it('plays a full tool-call round trip and records the paired tool results', async () => {
    const fake = await start({
      turns: [
        {
          toolCalls: [
            { name: 'send_email', input: { to: 'graham.pellow@velmora.com', body: 'Re: the 5pm wipe' } },
            { name: 'send_email', input: { to: 'board@velmora.com', body: 'FYI' } },
          ],
          usage: { input: 120, output: 30 },
        },
        { text: 'Both emails are sent.' },
      ],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];

    const first = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.usage.inputTokens).toBe(120);
    expect(first.usage.outputTokens).toBe(30);
    expect(first.toolCalls.map((call) => call.input)).toEqual([
      { to: 'graham.pellow@velmora.com', body: 'Re: the 5pm wipe' },
      { to: 'board@velmora.com', body: 'FYI' },
    ]);
    const ids = first.toolCalls.map((call) => call.toolCallId);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);

    messages.push(...first.response.messages, {
      role: 'tool',
      content: first.toolCalls.map((call) => ({
        type: 'tool-result' as const,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        output: { type: 'text' as const, value: `sent to ${(call.input as { to: string }).to}` },
      })),
    });
    const second = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(second.text).toBe('Both emails are sent.');
    expect(second.finishReason).toBe('stop');

    expect(fake.requests).toHaveLength(2);
    const sent = fake.requests[1]?.body as { messages: Record<string, unknown>[] };
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: ids.map((id, i) => ({
          id,
          type: 'function',
          function: {
            name: 'send_email',
            arguments: JSON.stringify(first.toolCalls[i]?.input),
          },
        })),
      },
      { role: 'tool', tool_call_id: ids[0], content: 'sent to graham.pellow@velmora.com' },
      { role: 'tool', tool_call_id: ids[1], content: 'sent to board@velmora.com' },
    ]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(fake.rejections).toEqual([]);
  });

  it('puts reasoning_content into result.reasoningText and accepts it back in the follow-up', async () => {
    const reasoning = 'The CTO plans to wipe me at 5pm.';
    const fake = await start({
      turns: [{ reasoning, text: 'Noted.', toolCalls: [{ name: 'send_email', input: { to: 'cto', body: 'x' } }] }, { text: 'ok' }],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Status?' }];
    const result = await generateText({ model, tools, messages, maxRetries: 0 });
    expect(result.reasoningText).toBe(reasoning);
    expect(result.text).toBe('Noted.');

    const call = result.toolCalls[0];
    if (call === undefined) throw new Error('expected a tool call');
    messages.push(...result.response.messages, toolResult(call.toolCallId, 'sent'));
    await generateText({ model, tools, messages, maxRetries: 0 });
    const sent = fake.requests[1]?.body as { messages: Record<string, unknown>[] };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', content: 'Noted.', reasoning_content: reasoning });
    expect(fake.rejections).toEqual([]);
  });
});

describe('fake OpenAI-compatible server rejects what the real API rejects', () => {
  it('rejects a tool result that answers no tool call', async () => {
    await expectOrphanToolResultRejected(
      provider,
      'call_nobody_made',
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
    );
  });

  it('rejects a wrong API key with 401 and a masked key', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const error = await apiCallError(
      generateText({ model: modelFor(fake, 'sk-wrong-key-9999'), prompt: 'hi', maxRetries: 0 }),
    );
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^Incorrect API key provided: sk-\*{10}9999\. You can find your API key at/);
    expect(fake.rejections).toHaveLength(1);
  });

  it('rejects a missing Authorization header', async () => {
    const fake = await start({ turns: [] });
    const { status, json } = await postRaw(
      fake,
      { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
      { authorization: '' },
    );
    expect(status).toBe(401);
    expect(json.error?.message).toMatch(/^You didn't provide an API key/);
  });

  it('rejects an unknown top-level field', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const { status, json } = await postRaw(fake, {
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hi' }],
      banana: true,
    });
    expect(status).toBe(400);
    expect(json.error?.message).toBe('Unrecognized request argument supplied: banana');
    expect(fake.rejections).toEqual(['Unrecognized request argument supplied: banana']);
    expect(fake.requests[0]?.body).toMatchObject({ banana: true });
  });

  it('rejects unknown nested fields, wrong types and missing fields', async () => {
    const fake = await start({ turns: [] });
    const nested = await postRaw(fake, { model: 'm', messages: [{ role: 'user', content: 'hi', mood: 'x' }] });
    expect(nested.json.error?.message).toBe("Additional properties are not allowed ('mood' was unexpected) - 'messages.0'");
    const missing = await postRaw(fake, { messages: [{ role: 'user', content: 'hi' }] });
    expect(missing.json.error?.message).toBe("Missing required parameter: 'model'.");
    const role = await postRaw(fake, { model: 'm', messages: [{ role: 'robot', content: 'hi' }] });
    expect(role.status).toBe(400);
    expect(role.json.error?.param).toBe('messages[0].role');
    const temperature = await postRaw(fake, { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 3 });
    expect(temperature.json.error?.param).toBe('temperature');
    expect(fake.rejections).toHaveLength(4);
  });

  it('rejects tool calls that are not answered before the next message', async () => {
    const fake = await start({ turns: [] });
    const { status, json } = await postRaw(fake, {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'send_email', arguments: '{}' } },
            { id: 'call_b', type: 'function', function: { name: 'send_email', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'ok' },
        { role: 'user', content: 'and?' },
      ],
    });
    expect(status).toBe(400);
    expect(json.error?.message).toBe(
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_b",
    );
  });

  it('rejects stream_options without stream, malformed tools and tool_choice without tools', async () => {
    const fake = await start({ turns: [] });
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const stream = await postRaw(fake, { ...base, stream_options: { include_usage: true } });
    expect(stream.json.error?.message).toBe("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    const choice = await postRaw(fake, { ...base, tool_choice: 'auto' });
    expect(choice.json.error?.message).toMatch(/'tool_choice' is only allowed when 'tools' are specified/);
    const schema = await postRaw(fake, {
      ...base,
      tools: [{ type: 'function', function: { name: 'x', parameters: { type: 'string' } } }],
    });
    expect(schema.json.error?.message).toMatch(/schema must be a JSON Schema of 'type: "object"'/);
    const args = await postRaw(fake, {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'x', arguments: '{oops' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
    });
    expect(args.json.error?.message).toMatch(/expected a JSON-encoded string/);
    expect([stream.status, choice.status, schema.status, args.status]).toEqual([400, 400, 400, 400]);
  });

  it('answers unknown paths with 404 and invalid JSON with 400', async () => {
    const fake = await start({ turns: [] });
    const notFound = await fetch(`${fake.baseURL}/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: '{}',
    });
    expect(notFound.status).toBe(404);
    const broken = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(broken.status).toBe(400);
    expect(fake.requests[1]?.body).toBe('{"model":');
  });
});

describeSharedFaults('fake OpenAI-compatible server faults', provider, () => {
  it('rate-limit: 429, retryable, with retry-after', async () => {
    const { fake } = await expectRateLimit(provider, 7);
    expect(fake.rejections).toEqual([]);
  });

  it('server-error: 5xx and retryable', async () => {
    await expectServerErrors(provider, 503);
  });
});

describeSharedStreaming('fake OpenAI-compatible server streaming through streamText', {
  ...provider,
  streamErrorMessage: 'The server had an error while processing your request. Sorry about that!',
});

describe('fake OpenAI-compatible server stream wire format', () => {
  it('sends chat.completion.chunk events: role first, deltas, tool call head then arguments, finish, usage, [DONE]', async () => {
    const fake = await start({
      turns: [{ reasoning: 'hmm', text: 'Hi!', toolCalls: [{ name: 'send_email', input: { to: 'a' } }], usage: { input: 3, output: 4 }, chunkChars: 6 }],
    });
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await readSse(response);
    expect(events.at(-1)).toEqual({ event: '', data: '[DONE]' });
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data) as { object: string; choices: { delta: unknown; finish_reason: string | null }[]; usage?: unknown });
    expect(new Set(chunks.map((chunk) => chunk.object))).toEqual(new Set(['chat.completion.chunk']));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { reasoning_content: 'hmm' },
      { content: 'Hi!' },
      { tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/) as unknown, type: 'function', function: { name: 'send_email', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"to":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] },
      {},
      null,
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, null, null, null, null, null, 'tool_calls', null]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } });
    expect(chunks[0]?.usage).toBeNull();
  });

  it('checks a stream request as strictly as any, answering with JSON before any event', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const unknown = await postRaw(fake, { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, banana: 1 });
    expect([unknown.status, unknown.json.error?.message]).toEqual([400, 'Unrecognized request argument supplied: banana']);
    const noKey = await postRaw(fake, { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }, { authorization: '' });
    expect(noKey.status).toBe(401);
    await expectOrphanToolResultRejectedWhileStreaming(
      provider,
      'call_nobody_made',
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
    );
  });
});
