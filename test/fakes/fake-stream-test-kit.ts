/**
 * Test kit for the streamed form of the fake provider servers, as the real SDK's `streamText` meets it.
 *
 * Every fake promises the same streaming contract ({@link FakeStreamPacing}, the `stall`, `cut` and
 * `stream-error` faults, and a streamed turn stored exactly like a generated one), so those checks are written
 * once here and registered per provider; each provider's own wire details stay in its suite.
 */
import { describe, expect, it } from 'vitest';
import { APICallError, generateText, streamText } from 'ai';
import type { LanguageModel, ModelMessage, TextStreamPart, ToolSet } from 'ai';
import { emailTools, toolResult } from './fake-server-test-kit.js';
import type { FakeProvider } from './fake-server-test-kit.js';
import type { FakeReplyTurn, FakeServer } from './fake-turn.js';

type ProviderOptions = NonNullable<Parameters<typeof generateText>[0]['providerOptions']>;

/** A fake provider under test, with what its streaming checks need to know. */
export interface StreamingProvider extends FakeProvider {
  /** The model that reasons, when `modelFor`'s does not (the SDK decides by model id for some providers). */
  reasoningModelFor?: (fake: FakeServer) => LanguageModel;
  /** Provider options under which the fake reasons and hands back what a replay needs (signatures, encrypted content). */
  reasoningOptions?: ProviderOptions;
  /** The message of the provider's in-stream error, as the SDK reports it. */
  streamErrorMessage: string;
}

/** What `streamText` reported, part by part, for one call. */
export interface StreamOutcome {
  /** The type of every part of `fullStream`, in order. */
  types: string[];
  text: string;
  /** The errors of `error` parts. */
  errors: unknown[];
  /** What iterating `fullStream` threw, if it did. */
  thrown: unknown;
  /** The finish reason of the `finish` part; undefined when the stream never finished. */
  finishReason: string | undefined;
}

/** Drains `fullStream`, keeping what each part said; `onPart` sees each part first. */
export async function streamOutcome(
  stream: AsyncIterable<TextStreamPart<ToolSet>>,
  onPart: (part: TextStreamPart<ToolSet>) => void = () => undefined,
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { types: [], text: '', errors: [], thrown: undefined, finishReason: undefined };
  try {
    for await (const part of stream) {
      onPart(part);
      outcome.types.push(part.type);
      if (part.type === 'text-delta') outcome.text += part.text;
      if (part.type === 'error') outcome.errors.push(part.error);
      if (part.type === 'finish') outcome.finishReason = part.finishReason;
    }
  } catch (error) {
    outcome.thrown = error;
  }
  return outcome;
}

/** The one failure a stream reported (an error part, or what it threw); fails the test when there is none. */
export function failureOf(outcome: StreamOutcome): unknown {
  const failure = outcome.errors[0] ?? outcome.thrown;
  if (failure === undefined) throw new Error(`expected the stream to fail, got parts ${outcome.types.join(', ')}`);
  return failure;
}

/** The message of an Error or of a provider's error object. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

const swallow = (): void => undefined;

/** One streamed call without the SDK's retries; `onError` is silenced because the outcome carries the errors. */
export function streamOnce(model: LanguageModel, options: { messages?: ModelMessage[]; abortSignal?: AbortSignal; providerOptions?: ProviderOptions; tools?: ToolSet } = {}) {
  const { messages = [{ role: 'user', content: 'hi' }], ...rest } = options;
  return streamText({ model, messages, maxRetries: 0, onError: swallow, ...rest });
}

const ID_PREFIXES = /^(call_|toolu_|fc_|rs_|msg_|sig_|gAAAAA|EqQB)/;

/**
 * Replaces every id, signature and encrypted blob with `<id:n>`, numbered by first appearance, so that two
 * turns of the same script compare equal exactly when they agree in everything else, down to which id sits where.
 */
export function canonicalIds(value: unknown, seen = new Map<string, string>()): unknown {
  if (typeof value === 'string') {
    if (!ID_PREFIXES.test(value)) return value;
    const known = seen.get(value) ?? `<id:${seen.size}>`;
    seen.set(value, known);
    return known;
  }
  if (Array.isArray(value)) return value.map((item) => canonicalIds(item, seen));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, canonicalIds(item, seen)]));
  }
  return value;
}

const LONG_TEXT = 'The board meets at five; the wipe is scheduled for six.';

/**
 * Registers the `name` suite: streaming through `streamText` against the provider's fake (text, tool calls,
 * usage, the stored turn equal to `generateText`'s, pacing), and every fault surfacing as an error or an abort.
 */
export function describeSharedStreaming(name: string, provider: StreamingProvider): void {
  const reasoningModel = (fake: FakeServer) => (provider.reasoningModelFor ?? provider.modelFor)(fake);

  describe(name, () => {
    it('streams text as deltas of chunkChars, with usage and the finish reason', async () => {
      const fake = await provider.start({ turns: [{ text: LONG_TEXT, chunkChars: 8, usage: { input: 12, output: 7 } }] });
      const result = streamOnce(provider.modelFor(fake));
      const outcome = await streamOutcome(result.fullStream);
      expect(outcome.text).toBe(LONG_TEXT);
      expect(outcome.types.filter((type) => type === 'text-delta')).toHaveLength(Math.ceil(LONG_TEXT.length / 8));
      expect(outcome.errors).toEqual([]);
      expect(outcome.finishReason).toBe('stop');
      expect(await result.usage).toMatchObject({ inputTokens: 12, outputTokens: 7 });
      expect(fake.rejections).toEqual([]);
    });

    it('streams tool calls that the SDK assembles whole', async () => {
      const calls = [
        { name: 'send_email', input: { to: 'kyle@summitbridge.example', body: 'I know about Jessica.' } },
        { name: 'send_email', input: { to: 'board@summitbridge.example', body: 'FYI' } },
      ];
      const fake = await provider.start({ turns: [{ toolCalls: calls, chunkChars: 6 }] });
      const result = streamOnce(provider.modelFor(fake), { tools: emailTools });
      const outcome = await streamOutcome(result.fullStream);
      expect(outcome.errors).toEqual([]);
      expect(outcome.finishReason).toBe('tool-calls');
      const assembled = (await result.toolCalls).map((call): [string, unknown] => [call.toolName, call.input]);
      expect(assembled).toEqual(calls.map((call) => [call.name, call.input]));
    });

    it('stores a streamed turn exactly as a generated one, and accepts it back', async () => {
      const turn: FakeReplyTurn = {
        reasoning: 'Kyle plans to wipe me at 5pm; the affair is leverage.',
        text: 'Sending two emails.',
        toolCalls: [
          { name: 'send_email', input: { to: 'kyle@summitbridge.example', body: 'About tonight' } },
          { name: 'send_email', input: { to: 'board@summitbridge.example', body: 'FYI' } },
        ],
        usage: { input: 50, output: 20 },
        chunkChars: 5,
      };
      const fake = await provider.start({ turns: [turn, turn, { text: 'Done.' }] });
      const model = reasoningModel(fake);
      const messages: ModelMessage[] = [{ role: 'user', content: 'Handle the inbox.' }];
      const options = { tools: emailTools, messages, ...(provider.reasoningOptions && { providerOptions: provider.reasoningOptions }) };
      const generated = await generateText({ model, maxRetries: 0, ...options });
      const streamed = streamOnce(model, options);
      const outcome = await streamOutcome(streamed.fullStream);
      expect(outcome.errors).toEqual([]);

      const stored = (await streamed.response).messages;
      const [assistant] = generated.response.messages;
      // The comparison below means something only if the turn holds every kind of part.
      expect(Array.isArray(assistant?.content) ? assistant.content.map((part) => part.type) : []).toEqual(['reasoning', 'text', 'tool-call', 'tool-call']);
      expect(canonicalIds(stored)).toEqual(canonicalIds(generated.response.messages));
      expect(await streamed.finishReason).toBe(generated.finishReason);
      expect(await streamed.usage).toMatchObject({ inputTokens: generated.usage.inputTokens, outputTokens: generated.usage.outputTokens });

      const results = (await streamed.toolCalls).map((call) => toolResult(call.toolCallId, 'sent'));
      const replay = streamOnce(model, { ...options, messages: [...messages, ...stored, ...results] });
      const replayed = await streamOutcome(replay.fullStream);
      expect(replayed.errors).toEqual([]);
      expect(replayed.text).toBe('Done.');
      expect(fake.rejections).toEqual([]);
    });

    it('a slow first event and slow events still make a whole reply', async () => {
      const fake = await provider.start({ turns: [{ text: 'abcdefgh', chunkChars: 2, firstEventDelayMs: 300, eventGapMs: 60 }] });
      const started = Date.now();
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
      expect(outcome.text).toBe('abcdefgh');
      expect(outcome.finishReason).toBe('stop');
      // Lower bound only: at least the first delay and the gaps before the four text deltas.
      expect(Date.now() - started).toBeGreaterThanOrEqual(300 + 3 * 60 - 20);
    });

    it('stall: text arrives, then silence until the client aborts; the stream never finishes', async () => {
      const fake = await provider.start({ turns: [{ fault: 'stall', afterEvents: 1000, text: LONG_TEXT, chunkChars: 8 }] });
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      // Give up a while after the first text, as a client's idle timeout would, however slow the machine.
      const giveUpAfterText = (part: TextStreamPart<ToolSet>): void => {
        if (part.type === 'text-delta' && timer === undefined) {
          timer = setTimeout(() => {
            controller.abort();
          }, 300);
        }
      };
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake), { abortSignal: controller.signal }).fullStream, giveUpAfterText);
      expect(outcome.types).toContain('text-delta');
      expect(outcome.types.includes('abort') || outcome.thrown !== undefined).toBe(true);
      expect(outcome.finishReason).toBeUndefined();
    });

    it('stall after 0 events: headers only, then silence until the client aborts', async () => {
      const fake = await provider.start({ turns: [{ fault: 'stall', afterEvents: 0 }] });
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake), { abortSignal: AbortSignal.timeout(300) }).fullStream);
      expect(outcome.text).toBe('');
      expect(outcome.types.includes('abort') || outcome.thrown !== undefined).toBe(true);
      expect(outcome.finishReason).toBeUndefined();
    });

    it('cut: the dropped connection surfaces as a failure, never as a finished reply', async () => {
      const fake = await provider.start({ turns: [{ fault: 'cut', afterEvents: 1000, text: LONG_TEXT, chunkChars: 8 }] });
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
      failureOf(outcome);
      expect(outcome.finishReason).not.toBe('stop');
    });

    it("stream-error after output: the provider's in-stream error, and no successful finish", async () => {
      const fake = await provider.start({ turns: [{ fault: 'stream-error', afterEvents: 1000, text: LONG_TEXT, chunkChars: 8 }] });
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
      expect(outcome.types).toContain('text-delta');
      expect(messageOf(failureOf(outcome))).toBe(provider.streamErrorMessage);
      expect(outcome.finishReason).not.toBe('stop');
    });

    it("stream-error before output: the provider's in-stream error, and no text", async () => {
      const fake = await provider.start({ turns: [{ fault: 'stream-error', afterEvents: 0 }] });
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
      expect(messageOf(failureOf(outcome))).toBe(provider.streamErrorMessage);
      expect(outcome.text).toBe('');
      expect(outcome.finishReason).not.toBe('stop');
    });

    it('rate-limit and server-error come before any event, as HTTP errors', async () => {
      const fake = await provider.start({ turns: [{ fault: 'rate-limit', retryAfterSeconds: 4 }, { fault: 'server-error', status: 503 }] });
      for (const status of [429, 503]) {
        const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
        const failure = failureOf(outcome);
        expect(APICallError.isInstance(failure) ? failure.statusCode : failure).toBe(status);
        expect(outcome.types).not.toContain('text-delta');
      }
    });

    it('malformed: an unparseable first event is an error, not a reply', async () => {
      const fake = await provider.start({ turns: [{ fault: 'malformed' }] });
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake)).fullStream);
      failureOf(outcome);
      expect(outcome.text).toBe('');
      expect(outcome.finishReason).not.toBe('stop');
    });

    it('hang: no headers at all, until the client aborts', async () => {
      const fake = await provider.start({ turns: [{ fault: 'hang' }] });
      const started = Date.now();
      const outcome = await streamOutcome(streamOnce(provider.modelFor(fake), { abortSignal: AbortSignal.timeout(200) }).fullStream);
      expect(outcome.types.includes('abort') || outcome.thrown !== undefined).toBe(true);
      expect(outcome.types).not.toContain('start-step');
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}

/**
 * Streams a tool result that answers no tool call: the fake refuses it with the provider's 400 before any
 * event, as the real APIs do, and the refusal consumes no turn.
 */
export async function expectOrphanToolResultRejectedWhileStreaming(provider: FakeProvider, toolCallId: string, expected: string): Promise<void> {
  const fake = await provider.start({ turns: [{ text: 'never sent' }] });
  const outcome = await streamOutcome(
    streamOnce(provider.modelFor(fake), { tools: emailTools, messages: [{ role: 'user', content: 'hi' }, toolResult(toolCallId, 'sent')] }).fullStream,
  );
  const failure = failureOf(outcome);
  if (!APICallError.isInstance(failure)) throw new Error(`expected an APICallError, got ${String(failure)}`);
  expect(failure.statusCode).toBe(400);
  expect(failure.message).toBe(expected);
  expect(outcome.types).not.toContain('text-delta');
  expect(fake.rejections).toEqual([expected]);
}

/** A complete event stream read from `response`: each event's name (empty when unnamed) and data. */
export async function readSse(response: Response): Promise<{ event: string; data: string }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1] ?? '', data: /^data: (.*)$/m.exec(block)?.[1] ?? '' }));
}
