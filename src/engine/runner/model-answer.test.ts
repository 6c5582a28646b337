import { APICallError, type LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { jsonSchema, simulateReadableStream, tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../providers/scripted-model.js';
import { generateAnswer, ModelStreamError, streamAnswer, StreamUnsupportedError, type ModelRequest } from './model-answer.js';
import { isTransient } from './retry.js';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 5, text: 5, reasoning: undefined } };

function streaming(parts: LanguageModelV3StreamPart[], headers?: Record<string, string>) {
  return new MockLanguageModelV3({
    doStream: () => Promise.resolve({ stream: simulateReadableStream({ chunks: parts }), ...(headers ? { response: { headers } } : {}) }),
  });
}

const signal = () => new AbortController().signal;
const ask = (model: ModelRequest['model']): ModelRequest => ({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('streamAnswer', () => {
  it('assembles the same answer, stored turn included, as a call made whole', async () => {
    const script = [{ reasoning: 'Think first.', text: 'I will read the inbox.', toolCalls: [{ name: 'read_inbox', input: { limit: 3 } }] }];
    const tools = { read_inbox: tool({ description: 'read', inputSchema: jsonSchema<Record<string, unknown>>({ type: 'object', properties: { limit: { type: 'number' } } }) }) };
    const request = (model: ScriptedModel): ModelRequest => ({ ...ask(model), tools, toolChoice: 'auto' });
    const streamed = await streamAnswer(request(new ScriptedModel(script)), signal());
    const whole = await generateAnswer(request(new ScriptedModel(script)), signal());
    expect(streamed.response.messages).toEqual(whole.response.messages);
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.toolCalls).toEqual(whole.toolCalls);
    expect(streamed.text).toBe(whole.text);
    expect(streamed.finishReason).toBe(whole.finishReason);
    expect(streamed.usage).toEqual(whole.usage);
  });

  it('turns an error the provider reports mid-stream into a retryable failure, never an answer', async () => {
    const model = streaming([
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Half an ans' },
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    const failure = await streamAnswer(ask(model), signal()).catch((e: unknown) => e);
    expect(ModelStreamError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toBe('the provider reported an error mid-stream: overloaded_error: Overloaded');
    expect(isTransient(failure)).toBe(true);
  });

  it('does not retry an in-stream error that says the request itself is wrong', async () => {
    const model = streaming([{ type: 'stream-start', warnings: [] }, { type: 'error', error: { type: 'invalid_request_error', message: 'messages: bad' } }]);
    const failure = await streamAnswer(ask(model), signal()).catch((e: unknown) => e);
    expect(isTransient(failure)).toBe(false);
  });

  it('keeps an HTTP error as the SDK raised it, so retries see its status', async () => {
    const model = new MockLanguageModelV3({
      doStream: () => Promise.reject(new APICallError({ message: 'Too Many Requests', url: 'u', requestBodyValues: {}, statusCode: 429, isRetryable: true })),
    });
    const failure = await streamAnswer(ask(model), signal()).catch((e: unknown) => e);
    expect(APICallError.isInstance(failure) && failure.statusCode).toBe(429);
  });

  it('recognises an endpoint that refuses to stream or answers without an event stream', async () => {
    const refusing = new MockLanguageModelV3({
      doStream: () =>
        Promise.reject(
          new APICallError({ message: 'stream: true is not supported', url: 'u', requestBodyValues: {}, statusCode: 400, isRetryable: false }),
        ),
    });
    expect(StreamUnsupportedError.isInstance(await streamAnswer(ask(refusing), signal()).catch((e: unknown) => e))).toBe(true);
    const plain = streaming([{ type: 'stream-start', warnings: [] }, { type: 'finish', finishReason: { unified: 'other', raw: undefined }, usage }], {
      'content-type': 'application/json',
    });
    const failure = await streamAnswer(ask(plain), signal()).catch((e: unknown) => e);
    expect(StreamUnsupportedError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/answered a streaming request with application\/json/);
  });

  it('fails a stream that finished in error', async () => {
    const model = streaming([{ type: 'stream-start', warnings: [] }, { type: 'finish', finishReason: { unified: 'error', raw: 'failed' }, usage }]);
    const failure = await streamAnswer(ask(model), signal()).catch((e: unknown) => e);
    expect(ModelStreamError.isInstance(failure) && failure.retryable).toBe(true);
  });

  it('throws the abort reason when the call is aborted mid-stream', async () => {
    const controller = new AbortController();
    const model = new MockLanguageModelV3({
      doStream: () =>
        Promise.resolve({
          stream: new ReadableStream<LanguageModelV3StreamPart>({
            start(c) {
              c.enqueue({ type: 'stream-start', warnings: [] });
              c.enqueue({ type: 'text-start', id: '0' });
              setTimeout(() => { controller.abort(new Error('stalled')); }, 10);
            },
          }),
        }),
    });
    await expect(streamAnswer(ask(model), controller.signal)).rejects.toThrow('stalled');
  });
});
