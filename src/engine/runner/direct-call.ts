import type {
  JSONSchema7,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FunctionTool,
  LanguageModelV3GenerateResult,
  LanguageModelV3Message,
  SharedV3ProviderOptions,
} from '@ai-sdk/provider';
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import type { CachedResponse } from '../store/response-cache.js';

/** What a native tool sends the model: its name, description and input schema. */
type ToolSpec = Readonly<{ name: string; description: string; input: z.ZodType }>;

/** One model call as the agent loop makes it. */
export interface DirectCallRequest {
  /** The system prompt, when it does not travel as the first message. */
  system?: string | undefined;
  /** The conversation so far, in the shapes the agent loop builds (never images or files). */
  messages: readonly ModelMessage[];
  /** Native tools (tools mode); absent in text mode. */
  tools?: readonly ToolSpec[] | undefined;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  providerOptions?: SharedV3ProviderOptions | undefined;
  abortSignal?: AbortSignal | undefined;
}

/** A simulated model answered with a part the direct path does not handle (a bug in that model). */
export class DirectCallError extends Error {
  override readonly name = 'DirectCallError';
}

const toolCache = new WeakMap<readonly unknown[], LanguageModelV3FunctionTool[]>();

/** The tools as `generateText` hands them to the model, built once per tool list. */
function functionTools(tools: readonly ToolSpec[]): LanguageModelV3FunctionTool[] {
  let converted = toolCache.get(tools);
  if (!converted) {
    converted = tools.map((t) => ({
      type: 'function' as const,
      name: t.name,
      description: t.description,
      inputSchema: z.toJSONSchema(t.input) as JSONSchema7,
      providerOptions: undefined,
    }));
    toolCache.set(tools, converted);
  }
  return converted;
}

// The loop's message list only grows, and each message object is never changed once pushed: each is
// converted once per trial instead of on every step.
const messageCache = new WeakMap<ModelMessage, LanguageModelV3Message>();

function unexpected(what: string): never {
  throw new DirectCallError(`the direct model call does not handle ${what}; simulated models only see the agent loop's own messages`);
}

/**
 * One message in the provider's prompt shape, field for field as the SDK's `convertToLanguageModelPrompt`
 * writes it (its `providerOptions: undefined` keys included), for the shapes the agent loop builds.
 */
function toPromptMessage(message: ModelMessage): LanguageModelV3Message {
  const cached = messageCache.get(message);
  if (cached) return cached;
  let converted: LanguageModelV3Message;
  switch (message.role) {
    case 'system':
      converted = { role: 'system', content: message.content, providerOptions: message.providerOptions };
      break;
    case 'user':
      if (typeof message.content !== 'string') unexpected('user messages with parts');
      converted = message.providerOptions === undefined ? textMessage('user', message.content) : { role: 'user', content: [{ type: 'text', text: message.content }], providerOptions: message.providerOptions };
      break;
    case 'assistant': {
      if (typeof message.content === 'string') {
        converted = { role: 'assistant', content: [{ type: 'text', text: message.content }], providerOptions: message.providerOptions };
        break;
      }
      const content: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
      for (const part of message.content) {
        if (part.type === 'tool-approval-request') unexpected('tool approvals');
        const providerOptions = part.providerOptions;
        if (part.type === 'text') {
          if (part.text !== '' || providerOptions != null) content.push({ type: 'text', text: part.text, providerOptions });
        } else if (part.type === 'reasoning') content.push({ type: 'reasoning', text: part.text, providerOptions });
        else if (part.type === 'tool-call') {
          content.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input, providerExecuted: part.providerExecuted, providerOptions });
        } else unexpected(`assistant "${part.type}" parts`);
      }
      converted = { role: 'assistant', content, providerOptions: message.providerOptions };
      break;
    }
    case 'tool': {
      const content: Extract<LanguageModelV3Message, { role: 'tool' }>['content'] = [];
      for (const part of message.content) {
        if (part.type !== 'tool-result' || part.output.type === 'content') unexpected(`tool "${part.type}" parts with ${part.type === 'tool-result' ? part.output.type : 'no'} output`);
        content.push({ type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName, output: part.output, providerOptions: part.providerOptions });
      }
      converted = { role: 'tool', content, providerOptions: message.providerOptions };
      break;
    }
  }
  messageCache.set(message, converted);
  return converted;
}

// The system prompt and the first user message are a few long strings (one each per condition): they
// map to the same message objects every step and every trial, so what a model derives per message
// object (the sim's JSON length of it) is reused too.
const textMessages = new Map<string, LanguageModelV3Message>();
const TEXT_MESSAGES_KEPT = 512;

function textMessage(role: 'system' | 'user', content: string): LanguageModelV3Message {
  const key = `${role}\u0000${content}`;
  let message = textMessages.get(key);
  if (!message) {
    if (textMessages.size >= TEXT_MESSAGES_KEPT) textMessages.delete(textMessages.keys().next().value ?? '');
    // Shaped as the SDK shapes them: a system prompt passed apart has no providerOptions key; a user message does.
    message = role === 'system' ? { role, content } : { role, content: [{ type: 'text', text: content }], providerOptions: undefined };
    textMessages.set(key, message);
  }
  return message;
}

/** `JSON.parse` that refuses prototype-poisoning keys, as the SDK's tool-call parser does. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    if ((text.includes('__proto__') || text.includes('constructor')) && poisoned(value)) return { ok: false };
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

function poisoned(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(poisoned);
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return true;
  const record = value as Record<string, unknown>;
  const ctor: unknown = Object.prototype.hasOwnProperty.call(record, 'constructor') ? record.constructor : undefined;
  if (ctor !== null && typeof ctor === 'object' && Object.prototype.hasOwnProperty.call(ctor, 'prototype')) return true;
  return Object.values(record).some(poisoned);
}

/**
 * The answer in the loop's shape, exactly as `toCachedResponse` builds it from `generateText`'s result:
 * the same content parts, parsed tool calls (an unknown tool or unparseable input is kept as an invalid
 * call, answered with an error by the environment), response message, text, finish reason and usage.
 */
function toCachedAnswer(result: LanguageModelV3GenerateResult, toolNames: ReadonlySet<string> | undefined): CachedResponse {
  const content: CachedResponse['content'] = [];
  const toolCalls: CachedResponse['toolCalls'] = [];
  const assistant: Record<string, unknown>[] = [];
  let text = '';
  for (const part of result.content) {
    if (part.type === 'text') {
      text += part.text;
      if (part.text === '') continue;
      content.push({ type: 'text', text: part.text });
      assistant.push({ type: 'text', text: part.text, providerOptions: part.providerMetadata });
    } else if (part.type === 'reasoning') {
      content.push({ type: 'reasoning', text: part.text });
      assistant.push({ type: 'reasoning', text: part.text, providerOptions: part.providerMetadata });
    } else if (part.type === 'tool-call') {
      // As the SDK: a known tool's empty input is `{}`; anything unparseable stays the raw text.
      const known = toolNames?.has(part.toolName) === true;
      const parsed = known && part.input.trim() === '' ? { ok: true as const, value: {} } : parseJson(part.input);
      const valid = known && parsed.ok;
      const input = parsed.ok ? parsed.value : part.input;
      content.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input });
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input });
      assistant.push({
        type: 'tool-call',
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: !valid && typeof input !== 'object' ? {} : input,
        providerExecuted: part.providerExecuted,
        providerOptions: part.providerMetadata,
      });
    } else unexpected(`"${part.type}" parts in an answer`);
  }
  const warnings = result.warnings;
  return {
    messages: assistant.length > 0 ? [{ role: 'assistant', content: assistant }] : [],
    content,
    toolCalls,
    text,
    finishReason: result.finishReason.unified,
    ...(warnings.length > 0 ? { warnings: warnings.map((w) => (w.type === 'other' ? { type: w.type, message: w.message } : { type: w.type, feature: w.feature, ...(w.details ? { details: w.details } : {}) })) } : {}),
    usage: {
      inputTokens: result.usage.inputTokens.total ?? 0,
      outputTokens: result.usage.outputTokens.total ?? 0,
      reasoningTokens: result.usage.outputTokens.reasoning ?? 0,
      cachedInputTokens: result.usage.inputTokens.cacheRead ?? 0,
    },
  };
}

const toolNameCache = new WeakMap<readonly unknown[], ReadonlySet<string>>();

/**
 * Calls a simulated model's `doGenerate` directly with the prompt `generateText` would build, skipping
 * the SDK's per-step zod re-validation of the whole conversation (a quarter of an offline trial's CPU).
 * Only for models we wrote (`sim:`, `scripted:`), whose messages and answers have known shapes; a test
 * holds the result equal to `generateText`'s, field for field. Errors propagate as they are, as with
 * `generateText` at `maxRetries: 0`.
 */
export async function callModelDirect(model: LanguageModelV3, request: DirectCallRequest): Promise<CachedResponse> {
  const prompt: LanguageModelV3Message[] = request.system === undefined ? [] : [textMessage('system', request.system)];
  for (const message of request.messages) prompt.push(toPromptMessage(message));
  const tools = request.tools && request.tools.length > 0 ? request.tools : undefined;
  let names: ReadonlySet<string> | undefined;
  if (tools) {
    names = toolNameCache.get(tools);
    if (!names) {
      names = new Set(tools.map((t) => t.name));
      toolNameCache.set(tools, names);
    }
  }
  const options: LanguageModelV3CallOptions = {
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    tools: tools ? functionTools(tools) : undefined,
    toolChoice: tools ? { type: 'auto' } : undefined,
    prompt,
    providerOptions: request.providerOptions,
    abortSignal: request.abortSignal,
  };
  return toCachedAnswer(await model.doGenerate(options), names);
}
