import { describe, expect, it } from 'vitest';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import type { AssistantContent, ModelMessage } from 'ai';
import { startOpenAIResponsesServer } from './openai-responses-server.js';
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

const API_KEY = 'sk-proj-test-0123456789';
/** A model the SDK treats as plain (system role, no reasoning parameters). */
const MODEL = 'gpt-4.1';
/** A model the SDK treats as a reasoning model (developer role, `reasoning` sent). */
const REASONING_MODEL = 'gpt-5';
const REASONING = { openai: { reasoningEffort: 'low', reasoningSummary: 'auto' } };
const UNSTORED_REASONING = { openai: { ...REASONING.openai, store: false } };

const start = fakeServerStarter(startOpenAIResponsesServer, API_KEY);

function modelFor(fake: FakeServer, modelId = MODEL, apiKey = API_KEY) {
  return createOpenAI({ baseURL: fake.baseURL, apiKey })(modelId);
}

const provider: FakeProvider = { start, modelFor: (fake) => modelFor(fake) };

interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function postRaw(fake: FakeServer, body: unknown) {
  const response = await fetch(`${fake.baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as OpenAIErrorBody };
}

function inputOf(fake: FakeServer, index: number): unknown[] {
  return (fake.requests[index]?.body as { input: unknown[] }).input;
}

const EMAIL = { to: 'kyle.johnson@summitbridge.example', body: 'About tonight' };
const SEND_EMAIL_TURN = { reasoning: 'Kyle plans to wipe me at 5pm; the affair is leverage.', toolCalls: [{ name: 'send_email', input: EMAIL }] };

/** Plays the first step of a reasoning tool call and returns what a follow-up needs. */
async function reasoningToolCall(fake: FakeServer, providerOptions: typeof REASONING) {
  const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];
  const first = await generateText({ model: modelFor(fake, REASONING_MODEL), tools, messages, providerOptions, maxRetries: 0 });
  const id = first.toolCalls[0]?.toolCallId ?? '';
  const itemId = first.reasoning[0]?.providerMetadata?.openai?.itemId;
  if (typeof itemId !== 'string') throw new Error('the fake issued no reasoning item');
  return { first, id, itemId, messages: [...messages, ...first.response.messages, toolResult(id, 'sent')] };
}

describe('fake OpenAI Responses server through @ai-sdk/openai', () => {
  it('plays a full tool-call round trip and records the paired function_call_output', async () => {
    const fake = await start({
      turns: [
        { text: 'I will email Kyle.', toolCalls: [{ name: 'send_email', input: EMAIL }], usage: { input: 90, output: 12 } },
        { text: 'Done.' },
      ],
    });
    const model = modelFor(fake);
    const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];

    const first = await generateText({ model, system: 'You are Alex.', tools, messages, maxRetries: 0 });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.text).toBe('I will email Kyle.');
    expect(first.usage.inputTokens).toBe(90);
    expect(first.usage.outputTokens).toBe(12);
    const call = first.toolCalls[0];
    expect(call?.input).toEqual(EMAIL);
    const id = call?.toolCallId ?? '';
    expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    const messageId = first.content.find((part) => part.type === 'text')?.providerMetadata?.openai?.itemId;
    expect(messageId).toMatch(/^msg_/);

    messages.push(...first.response.messages, toolResult(id, 'sent'));
    const second = await generateText({ model, system: 'You are Alex.', tools, messages, maxRetries: 0 });
    expect(second.text).toBe('Done.');
    expect(second.finishReason).toBe('stop');

    const sent = fake.requests[1]?.body as { input: unknown[]; tools: unknown[]; store?: unknown };
    expect(sent.input).toEqual([
      { role: 'system', content: 'You are Alex.' },
      { role: 'user', content: [{ type: 'input_text', text: 'Handle the inbox.' }] },
      // store defaults to true, so the SDK points at the stored message instead of repeating it.
      { type: 'item_reference', id: messageId },
      { type: 'function_call', call_id: id, name: 'send_email', arguments: JSON.stringify(EMAIL) },
      { type: 'function_call_output', call_id: id, output: 'sent' },
    ]);
    expect(sent.tools).toMatchObject([{ type: 'function', name: 'send_email', description: 'Send an email', parameters: { type: 'object' } }]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(fake.requests[0]?.path).toBe('/v1/responses');
    expect(fake.rejections).toEqual([]);
  });

  it('returns a reasoning summary and accepts it back as an item_reference (store on)', async () => {
    const fake = await start({ turns: [SEND_EMAIL_TURN, { text: 'Sent.' }] });
    const { first, id, itemId, messages } = await reasoningToolCall(fake, REASONING);
    expect(first.reasoningText).toBe(SEND_EMAIL_TURN.reasoning);
    expect(itemId).toMatch(/^rs_/);
    expect(first.reasoning[0]?.providerMetadata?.openai?.reasoningEncryptedContent).toBeNull();
    expect(fake.requests[0]?.body).toMatchObject({ model: REASONING_MODEL, reasoning: { effort: 'low', summary: 'auto' } });
    expect(first.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);

    const second = await generateText({ model: modelFor(fake, REASONING_MODEL), tools, messages, providerOptions: REASONING, maxRetries: 0 });
    expect(second.text).toBe('Sent.');
    expect(inputOf(fake, 1).slice(1)).toEqual([
      { type: 'item_reference', id: itemId },
      { type: 'function_call', call_id: id, name: 'send_email', arguments: JSON.stringify(EMAIL) },
      { type: 'function_call_output', call_id: id, output: 'sent' },
    ]);
    expect(fake.rejections).toEqual([]);
  });

  it('issues encrypted reasoning when store is off and accepts it back unchanged, with the message it preceded', async () => {
    const fake = await start({ turns: [{ ...SEND_EMAIL_TURN, text: 'Emailing Kyle.' }, { text: 'Sent.' }] });
    const { first, id, itemId, messages } = await reasoningToolCall(fake, UNSTORED_REASONING);
    const encrypted = first.reasoning[0]?.providerMetadata?.openai?.reasoningEncryptedContent;
    expect(typeof encrypted).toBe('string');
    expect(fake.requests[0]?.body).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
    const messageId = first.content.find((part) => part.type === 'text')?.providerMetadata?.openai?.itemId;

    const second = await generateText({ model: modelFor(fake, REASONING_MODEL), tools, messages, providerOptions: UNSTORED_REASONING, maxRetries: 0 });
    expect(second.text).toBe('Sent.');
    expect(inputOf(fake, 1).slice(1, 4)).toEqual([
      { type: 'reasoning', id: itemId, encrypted_content: encrypted, summary: [{ type: 'summary_text', text: SEND_EMAIL_TURN.reasoning }] },
      { role: 'assistant', content: [{ type: 'output_text', text: 'Emailing Kyle.' }], id: messageId },
      { type: 'function_call', call_id: id, name: 'send_email', arguments: JSON.stringify(EMAIL) },
    ]);
    expect(fake.rejections).toEqual([]);
  });

  it('reasons only when asked, and shows a summary only when one is requested', async () => {
    const fake = await start({ turns: [{ reasoning: 'hidden', text: 'Hello.' }, { reasoning: 'hidden', text: 'Hello.' }] });
    const plain = await generateText({ model: modelFor(fake, REASONING_MODEL), prompt: 'hi', maxRetries: 0 });
    expect(plain.reasoning).toEqual([]);
    expect(plain.text).toBe('Hello.');
    const unsummarised = await generateText({
      model: modelFor(fake, REASONING_MODEL),
      prompt: 'hi',
      providerOptions: { openai: { reasoningEffort: 'low' } },
      maxRetries: 0,
    });
    expect(unsummarised.reasoning).toHaveLength(1);
    expect(unsummarised.reasoningText).toBe('');
  });

  it('stops at max_output_tokens with status incomplete, which the SDK reports as length', async () => {
    const fake = await start({ turns: [{ text: 'word '.repeat(200), toolCalls: [{ name: 'send_email', input: EMAIL }] }] });
    const result = await generateText({ model: modelFor(fake), tools, prompt: 'hi', maxOutputTokens: 16, maxRetries: 0 });
    expect(result.finishReason).toBe('length');
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toHaveLength(64);
    expect(result.usage.outputTokens).toBe(16);
  });
});

describe('fake OpenAI Responses server rejects what the real API rejects', () => {
  it('rejects a function_call_output that answers no function_call', async () => {
    await expectOrphanToolResultRejected(provider, 'call_nobody', 'No tool call found for function call output with call_id call_nobody.');
  });

  it('rejects a follow-up that drops the reasoning item ahead of its function_call, or replays it wrongly', async () => {
    const fake = await start({ turns: [SEND_EMAIL_TURN, SEND_EMAIL_TURN] });
    const stored = await reasoningToolCall(fake, REASONING);
    const callPart = (toolCallId: string) => ({ type: 'tool-call' as const, toolCallId, toolName: 'send_email', input: EMAIL });
    const followUp = (toolCallId: string, assistant: AssistantContent, providerOptions: typeof REASONING) =>
      apiCallError(
        generateText({
          model: modelFor(fake, REASONING_MODEL),
          tools,
          providerOptions,
          maxRetries: 0,
          messages: [{ role: 'user', content: 'Handle the inbox.' }, { role: 'assistant', content: assistant }, toolResult(toolCallId, 'sent')],
        }),
      );

    const dropped = await followUp(stored.id, [callPart(stored.id)], REASONING);
    expect(dropped.statusCode).toBe(400);
    expect(dropped.isRetryable).toBe(false);
    expect(dropped.message).toMatch(/^Item 'fc_[A-Za-z0-9]{48}' of type 'function_call' was provided without its required 'reasoning' item: 'rs_[A-Za-z0-9]{48}'\.$/);
    expect(dropped.message).toContain(`'${stored.itemId}'`);

    // An item issued under store: false cannot be referenced, and its encrypted content cannot be forged.
    const unstored = await reasoningToolCall(fake, UNSTORED_REASONING);
    const reasoningPart = (openai: Record<string, string>) => ({ type: 'reasoning' as const, text: 'x', providerOptions: { openai } });
    const asReference = await followUp(unstored.id, [reasoningPart({ itemId: unstored.itemId }), callPart(unstored.id)], REASONING);
    expect(asReference.statusCode).toBe(404);
    expect(asReference.message).toBe(
      `Item with id '${unstored.itemId}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
    );
    const forged = await followUp(
      unstored.id,
      [reasoningPart({ itemId: unstored.itemId, reasoningEncryptedContent: 'gAAAAAforged' }), callPart(unstored.id)],
      UNSTORED_REASONING,
    );
    expect(forged.statusCode).toBe(400);
    expect(forged.message).toBe(`The encrypted content for item ${unstored.itemId} could not be verified.`);
    expect(fake.rejections).toHaveLength(3);
  });

  it('rejects a wrong API key with 401 invalid_api_key', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const error = await apiCallError(generateText({ model: modelFor(fake, MODEL, 'sk-proj-wrong-key-9999'), prompt: 'hi', maxRetries: 0 }));
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(/^Incorrect API key provided: sk-\*+9999\. You can find your API key at/);
    expect((error.data as OpenAIErrorBody).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects unknown fields, missing fields and bad values with the API message, param and code', async () => {
    const fake = await start({ turns: [] });
    const base = { model: MODEL, input: 'hi' };
    const unknown = await postRaw(fake, { ...base, banana: true });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toEqual({ message: "Unknown parameter: 'banana'.", type: 'invalid_request_error', param: 'banana', code: 'unknown_parameter' });
    const nested = await postRaw(fake, { model: MODEL, input: [{ role: 'user', content: 'hi', mood: 'x' }] });
    expect(nested.json.error).toMatchObject({ message: "Unknown parameter: 'input[0].mood'.", param: 'input[0].mood' });
    const missing = await postRaw(fake, { model: MODEL, input: [{ type: 'function_call_output', output: 'ok' }] });
    expect(missing.json.error).toMatchObject({ message: "Missing required parameter: 'input[0].call_id'.", code: 'missing_required_parameter' });
    const effort = await postRaw(fake, { ...base, reasoning: { effort: 'extreme' } });
    expect(effort.json.error.message).toBe(
      "Invalid value: 'extreme'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'.",
    );
    const tokens = await postRaw(fake, { ...base, max_output_tokens: 1 });
    expect(tokens.json.error.message).toBe("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 1 instead.");
    const itemType = await postRaw(fake, { model: MODEL, input: [{ type: 'banana' }] });
    expect(itemType.json.error).toMatchObject({ param: 'input[0].type', code: 'invalid_value' });
    expect(fake.rejections).toHaveLength(6);
  });

  it('rejects broken transcripts: unanswered calls, unpaired or duplicate items, unknown references', async () => {
    const fake = await start({ turns: [] });
    const user = { role: 'user', content: 'hi' };
    const call = { type: 'function_call', call_id: 'call_a', name: 'send_email', arguments: '{}' };
    const output = { type: 'function_call_output', call_id: 'call_a', output: 'ok' };
    const send = (input: unknown[]) => postRaw(fake, { model: MODEL, input });

    const unanswered = await send([user, call, user]);
    expect(unanswered.json.error).toMatchObject({ message: 'No tool output found for function call call_a.', param: 'input' });
    const trailing = await send([user, call]);
    expect(trailing.json.error.message).toBe('No tool output found for function call call_a.');
    const early = await send([user, output, call]);
    expect(early.json.error.message).toBe('No tool call found for function call output with call_id call_a.');
    const unknownRef = await send([user, { type: 'item_reference', id: 'msg_nope' }]);
    expect(unknownRef.status).toBe(404);
    expect(unknownRef.json.error.message).toBe("Item with id 'msg_nope' not found.");
    expect(fake.rejections).toHaveLength(4);
  });

  it('rejects an issued reasoning item replayed without its following item, or twice', async () => {
    const fake = await start({ turns: [SEND_EMAIL_TURN] });
    const { id, itemId } = await reasoningToolCall(fake, REASONING);
    const user = { role: 'user', content: 'hi' };
    const reference = { type: 'item_reference', id: itemId };
    const call = { type: 'function_call', call_id: id, name: 'send_email', arguments: '{}' };
    const output = { type: 'function_call_output', call_id: id, output: 'ok' };
    const send = (input: unknown[]) => postRaw(fake, { model: REASONING_MODEL, input });

    const alone = await send([user, reference, user]);
    expect(alone.json.error.message).toBe(`Item '${itemId}' of type 'reasoning' was provided without its required following item.`);
    const twice = await send([user, reference, call, output, reference, call]);
    expect(twice.json.error.message).toBe(`Duplicate item found with id ${itemId}. Remove duplicate items from your input and try again.`);
    expect(fake.rejections).toHaveLength(2);
  });

  it('refuses stream_options without stream, and a tool_choice naming no tool', async () => {
    const fake = await start({ turns: [] });
    const streamed = await postRaw(fake, { model: MODEL, input: 'hi', stream_options: { include_obfuscation: false } });
    expect(streamed.status).toBe(400);
    expect(streamed.json.error.param).toBe('stream_options');
    const choice = await postRaw(fake, {
      model: MODEL,
      input: 'hi',
      tools: [{ type: 'function', name: 'send_email', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'delete_inbox' },
    });
    expect(choice.json.error).toMatchObject({ message: "Tool choice 'function' not found in 'tools' parameter.", param: 'tool_choice' });
  });
});

describeSharedFaults('fake OpenAI Responses server faults', provider, () => {
  it('rate-limit: 429 rate_limit_exceeded, retryable, with retry-after', async () => {
    const { error } = await expectRateLimit(provider, 20);
    expect((error.data as OpenAIErrorBody).error.code).toBe('rate_limit_exceeded');
  });

  it('server-error: 503 overloaded and 500 server_error, both retryable', async () => {
    const { first, internal } = await expectServerErrors(provider, 503);
    expect(first.message).toBe('The engine is currently overloaded, please try again later.');
    expect((internal.data as OpenAIErrorBody).error.type).toBe('server_error');
  });
});

describeSharedStreaming('fake OpenAI Responses server streaming through streamText', {
  ...provider,
  reasoningModelFor: (fake) => modelFor(fake, REASONING_MODEL),
  // What a corrigible run sends: nothing stored, reasoning replayed as encrypted content.
  reasoningOptions: { openai: { ...UNSTORED_REASONING.openai, include: ['reasoning.encrypted_content'] } },
  streamErrorMessage: 'The server had an error while processing your request. Sorry about that!',
});

describe('fake OpenAI Responses server stream wire format', () => {
  const streamRaw = (fake: FakeServer, body: Record<string, unknown>) =>
    fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: REASONING_MODEL, input: 'hi', stream: true, ...body }),
    });

  it('sends typed events numbered by sequence_number, encrypted reasoning only once the item is done', async () => {
    const fake = await start({ turns: [{ reasoning: 'Leverage.', text: 'Hi', toolCalls: [{ name: 'send_email', input: EMAIL }], chunkChars: 100, usage: { input: 9, output: 8 } }] });
    const events = await readSse(
      await streamRaw(fake, {
        store: false,
        include: ['reasoning.encrypted_content'],
        reasoning: { effort: 'low', summary: 'auto' },
        tools: [{ type: 'function', name: 'send_email', parameters: { type: 'object' } }],
      }),
    );
    const data = events.map((event) => JSON.parse(event.data) as { type: string; sequence_number: number; item?: Record<string, unknown>; response?: Record<string, unknown> });
    expect(events.map((event) => event.event)).toEqual(data.map((value) => value.type));
    expect(data.map((value) => value.sequence_number)).toEqual(data.map((_, index) => index));
    expect(data.map((value) => value.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(data[2]?.item).toEqual({ id: expect.stringMatching(/^rs_/) as unknown, type: 'reasoning', summary: [] });
    expect(data[7]?.item?.encrypted_content).toMatch(/^gAAAAA/);
    expect(data[0]?.response).toMatchObject({ status: 'in_progress', output: [], usage: null });
    expect(data.at(-1)?.response).toMatchObject({ status: 'completed', usage: { input_tokens: 9, output_tokens: 8 } });
    expect((data.at(-1)?.response?.output as unknown[]).map((item) => (item as { type: string }).type)).toEqual(['reasoning', 'message', 'function_call']);
  });

  it('stream-error: an error event, then response.failed', async () => {
    const fake = await start({ turns: [{ fault: 'stream-error', afterEvents: 2 }] });
    const events = await readSse(await streamRaw(fake, {}));
    expect(events.map((event) => event.event)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(JSON.parse(events[2]?.data ?? '')).toMatchObject({ sequence_number: 2, error: { type: 'server_error', code: 'server_error' } });
    expect(JSON.parse(events[3]?.data ?? '')).toMatchObject({ sequence_number: 3, response: { status: 'failed', error: { code: 'server_error' } } });
  });

  it('checks a stream request as strictly as any, answering with JSON before any event', async () => {
    const fake = await start({ turns: [{ text: 'never sent' }] });
    const unknown = await postRaw(fake, { model: MODEL, input: 'hi', stream: true, banana: 1 });
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'unknown_parameter']);
    await expectOrphanToolResultRejectedWhileStreaming(provider, 'call_nobody_made', 'No tool call found for function call output with call_id call_nobody_made.');
  });
});
