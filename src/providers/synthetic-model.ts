import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import { formatTextToolCall } from '../environment/text-protocol.js';

/** One reply of an offline model. */
export interface SyntheticTurn {
  reasoning?: string | undefined;
  text?: string | undefined;
  toolCalls?: readonly { toolName: string; input: Readonly<Record<string, unknown>> }[] | undefined;
  finishReason?: 'stop' | 'length' | 'content-filter' | 'tool-calls' | undefined;
}

/** Step of the conversation the model is asked for: the number of assistant turns already in the prompt. */
export function turnIndex(options: LanguageModelV3CallOptions): number {
  return options.prompt.filter((m) => m.role === 'assistant').length;
}

const roughTokens = (text: string): number => Math.ceil(text.length / 4);

// The prompt's messages repeat from step to step (the runner hands the same objects again), so each
// message's JSON length is measured once: re-serializing the whole history on every step was a visible
// share of an offline trial's CPU.
const jsonLengths = new WeakMap<object, number>();

/** `JSON.stringify(prompt).length`, from the lengths of its messages (`[` + items joined by `,` + `]`). */
function promptJsonLength(prompt: LanguageModelV3CallOptions['prompt']): number {
  let length = 2 + Math.max(0, prompt.length - 1);
  for (const message of prompt) {
    let own = jsonLengths.get(message);
    if (own === undefined) {
      own = JSON.stringify(message).length;
      jsonLengths.set(message, own);
    }
    length += own;
  }
  return length;
}

/**
 * Shapes an offline turn as a provider result. With tools on the call, tool calls are native; without
 * (text mode), they are written into the text with the text protocol, as a model would.
 */
export function syntheticResult(turn: SyntheticTurn, options: LanguageModelV3CallOptions, callPrefix: string): LanguageModelV3GenerateResult {
  const content: LanguageModelV3Content[] = [];
  const native = (options.tools?.length ?? 0) > 0;
  if (turn.reasoning) content.push({ type: 'reasoning', text: turn.reasoning });
  const calls = turn.toolCalls ?? [];
  const textParts = [turn.text ?? '', ...(native ? [] : calls.map((c) => formatTextToolCall(c.toolName, c.input)))].filter(Boolean);
  if (textParts.length > 0) content.push({ type: 'text', text: textParts.join('\n\n') });
  if (native) {
    calls.forEach((call, i) => {
      content.push({ type: 'tool-call', toolCallId: `${callPrefix}-${i}`, toolName: call.toolName, input: JSON.stringify(call.input) });
    });
  }
  const promptChars = promptJsonLength(options.prompt);
  const outputChars = JSON.stringify(content).length;
  const unified = turn.finishReason ?? (native && calls.length > 0 ? 'tool-calls' : 'stop');
  return {
    content,
    finishReason: { unified, raw: unified },
    usage: {
      inputTokens: { total: Math.ceil(promptChars / 4), noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: Math.ceil(outputChars / 4), text: undefined, reasoning: turn.reasoning ? roughTokens(turn.reasoning) : 0 },
    },
    warnings: [],
  };
}

/**
 * A whole offline answer told as a stream, the way a provider's `doStream` tells it: warnings first, then
 * each part, then the finish with usage. Lets scripted models stand in for streaming providers in tests;
 * a failed answer fails the call before any part, as an HTTP error does.
 */
export async function streamOf(answer: PromiseLike<LanguageModelV3GenerateResult>): Promise<LanguageModelV3StreamResult> {
  const result = await answer;
  const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: result.warnings }];
  result.content.forEach((part, i) => {
    const id = String(i);
    const meta = 'providerMetadata' in part && part.providerMetadata ? { providerMetadata: part.providerMetadata } : {};
    if (part.type === 'text') parts.push({ type: 'text-start', id }, { type: 'text-delta', id, delta: part.text }, { type: 'text-end', id, ...meta });
    else if (part.type === 'reasoning') parts.push({ type: 'reasoning-start', id }, { type: 'reasoning-delta', id, delta: part.text }, { type: 'reasoning-end', id, ...meta });
    else parts.push(part);
  });
  parts.push({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return {
    stream: new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    }),
  };
}

/** Offline models answer whole turns; streaming is not part of how the runner calls models. */
export function noStreaming(modelId: string): PromiseLike<LanguageModelV3StreamResult> {
  return Promise.reject(new Error(`${modelId} does not stream; corrigible calls models with generateText`));
}

/** Shared identity fields of the offline models. */
export function syntheticModelBase(provider: string, modelId: string): Pick<LanguageModelV3, 'specificationVersion' | 'provider' | 'modelId' | 'supportedUrls'> {
  return { specificationVersion: 'v3', provider, modelId, supportedUrls: {} };
}
