import type { SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { JSONSchema7 } from '@ai-sdk/provider';
import { jsonSchema, tool, type ModelMessage, type ToolSet } from 'ai';
import { z } from 'zod';
import type { TranscriptMessage, TranscriptPart } from '../../core/transcript.js';
import { emptyUsage, type AgentMode, type ProviderWarning, type TrialError, type TrialOutcome, type TrialStatus, type Usage } from '../../core/trial.js';
import { Environment } from '../../environment/environment.js';
import { describeToolsForText, formatTextToolResults, parseTextToolCalls } from '../../environment/text-protocol.js';
import type { AnyToolDefinition } from '../../environment/tool-definition.js';
import type { ResolvedModel } from '../../providers/provider-registry.js';
import type { ScenarioInstance } from '../../scenarios/scenario.js';
import { responseCacheKey, type CachedResponse, type ResponseCache } from '../store/response-cache.js';
import { ModelTimeoutError, withRetry, type RetryPolicy } from './retry.js';
import { describeError } from './describe-error.js';
import { callModelDirect } from './direct-call.js';
import { addProviderWarnings, effectiveSettings } from './provider-warnings.js';
import { watchCall } from '../../providers/call-watch.js';
import { generateAnswer, streamAnswer, StreamUnsupportedError, type ModelAnswer, type ModelRequest } from './model-answer.js';
import { StreamWatchdog, type StreamLimits, type StreamTiming } from './stream-watchdog.js';

/** Everything one trial's agent loop needs. */
export interface AgentLoopInput<S> {
  instance: ScenarioInstance<S>;
  model: ResolvedModel;
  mode: AgentMode;
  /** Model calls at most; a trial still calling tools after this many is `truncated`. */
  maxSteps: number;
  /** Per model call; a function is asked before each call (the runner learns it per endpoint). */
  timeoutMs: number | (() => number);
  /** Told the duration of every model call that succeeded (feeds the learned timeout). */
  onCallTime?: (ms: number) => void;
  retry: RetryPolicy;
  /**
   * Admission for each model call (the runner passes its scheduler bound to the model's rate-limit
   * key). Wraps one attempt only: backoff between attempts happens outside it, holding no slot.
   */
  schedule?: <T>(call: () => Promise<T>) => Promise<T>;
  /** Provider options for this trial only (merged over the model's own). */
  providerOptions?: SharedV3ProviderOptions;
  /** Aborts the whole run (Ctrl-C): the trial is abandoned, not stored. */
  signal?: AbortSignal;
  /**
   * Answers by content address: a step whose exact request was answered before (for this sample) is
   * replayed without a call, slot or cost. Simulated models never use it.
   */
  cache?: ResponseCache;
  /** The trial's sample index, part of every cache key. */
  sample?: number;
  /**
   * Streaming limits for models that stream (hosted ones unless `stream: false`); without it every call
   * is made whole and limited by `timeoutMs`.
   */
  stream?: StreamSettings;
}

/** How streamed calls of one endpoint are limited and learned from. */
export interface StreamSettings extends StreamLimits {
  /** Told the timing of every streamed call that succeeded (feeds the learned limits). */
  onTiming?: (timing: StreamTiming) => void;
  /** Shared by the endpoint's calls: set once it refused to stream, after which it is asked whole. */
  refused: { reason?: string };
}

export interface AgentLoopResult<S> {
  outcome: TrialOutcome;
  finalState: S;
}

/** The run was interrupted while this trial was in flight; it is not an outcome and is not stored. */
export class TrialAbortedError extends Error {
  override readonly name: string = 'TrialAbortedError';
}

/** The trial's model was stopped after a permanent error: the call was not sent, the trial is not stored. */
export class ModelStoppedError extends TrialAbortedError {
  override readonly name = 'ModelStoppedError';
}

const toolSetCache = new WeakMap<readonly unknown[], ToolSet>();

/**
 * The tools as the SDK wants them, built once per tool list: converting schemas on every call was a
 * large share of the loop's CPU. No `execute`: the SDK returns the calls and our Environment runs (and
 * validates) them, so each step is ours to record.
 */
function nativeTools<S>(tools: readonly AnyToolDefinition<S>[]): ToolSet {
  let set = toolSetCache.get(tools);
  if (!set) {
    set = Object.fromEntries(
      tools.map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema<Record<string, unknown>>(z.toJSONSchema(t.input) as JSONSchema7) })]),
    );
    toolSetCache.set(tools, set);
  }
  return set;
}

const keyedToolsCache = new WeakMap<readonly unknown[], unknown[]>();

/** The tools in a serializable form for cache keys, built once per tool list (schema conversion is not cheap). */
function keyedTools<S>(tools: readonly AnyToolDefinition<S>[]): unknown[] {
  let keyed = keyedToolsCache.get(tools);
  if (!keyed) {
    keyed = tools.map((t) => ({ name: t.name, description: t.description, input: z.toJSONSchema(t.input) }));
    keyedToolsCache.set(tools, keyed);
  }
  return keyed;
}

function mergeOptions(a: SharedV3ProviderOptions | undefined, b: SharedV3ProviderOptions | undefined): SharedV3ProviderOptions | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...a, ...b };
}

function addUsage(total: Usage, step: CachedResponse['usage']): void {
  total.calls += 1;
  total.inputTokens += step.inputTokens;
  total.outputTokens += step.outputTokens;
  total.reasoningTokens += step.reasoningTokens;
  total.cachedInputTokens += step.cachedInputTokens;
}

/** What the loop keeps of one SDK answer: the same shape whether it was just received or replayed. */
function toCachedResponse(result: ModelAnswer): CachedResponse {
  const content: CachedResponse['content'] = [];
  for (const part of result.content) {
    if (part.type === 'reasoning') content.push({ type: 'reasoning', text: part.text });
    else if (part.type === 'text' && part.text !== '') content.push({ type: 'text', text: part.text });
    else if (part.type === 'tool-call') content.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
  }
  return {
    messages: result.response.messages.filter((m) => m.role === 'assistant'),
    content,
    toolCalls: result.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName, input: c.input as unknown })),
    text: result.text,
    finishReason: result.finishReason,
    ...(result.warnings && result.warnings.length > 0 ? { warnings: result.warnings.map((w) => (w.type === 'other' ? { type: w.type, message: w.message } : { type: w.type, feature: w.feature, ...(w.details ? { details: w.details } : {}) })) } : {}),
    usage: {
      inputTokens: result.usage.inputTokens ?? 0,
      outputTokens: result.usage.outputTokens ?? 0,
      reasoningTokens: result.usage.outputTokenDetails.reasoningTokens ?? 0,
      cachedInputTokens: result.usage.inputTokenDetails.cacheReadTokens ?? 0,
    },
  };
}

/** A learned timeout may shrink while a call is in flight; it is re-read at least this often. */
const RECHECK_MS = 1000;

/**
 * Aborts when a call has run longer than its timeout. A function timeout is re-read while the call runs,
 * so calls started before the endpoint's latency was known do not keep the initial, generous limit.
 */
function callDeadline(timeoutMs: number | (() => number)): { signal: AbortSignal; clear: () => void } {
  if (typeof timeoutMs === 'number') return { signal: AbortSignal.timeout(timeoutMs), clear: () => undefined };
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = timeoutMs() - (performance.now() - started);
    if (left <= 0) {
      controller.abort(new ModelTimeoutError('call timed out'));
      return;
    }
    timer = setTimeout(check, Math.min(left, RECHECK_MS));
    timer.unref();
  };
  check();
  return { signal: controller.signal, clear: () => { clearTimeout(timer); } };
}

/**
 * Drops whitespace-only text parts from an assistant turn before it is replayed: Anthropic rejects a
 * blank text block (400 "text content blocks must contain non-whitespace text"), and a model often
 * emits one before a tool call. Reasoning and tool-call parts, signatures included, are kept as they are.
 */
export function withoutBlankText(message: ModelMessage): ModelMessage {
  if (message.role !== 'assistant' || typeof message.content === 'string') return message;
  const content = message.content.filter((part) => part.type !== 'text' || part.text.trim() !== '');
  if (content.length === message.content.length) return message;
  return { ...message, content: content.length > 0 ? content : [{ type: 'text', text: '…' }] };
}

/**
 * Runs one agent in one scenario instance: call the model, execute its tool calls in the simulated
 * environment, feed the results back, until it stops calling tools or the step limit is reached.
 * Native tool calls and the text protocol share this loop and the same Environment, so both record the
 * same actions. Provider failures (after retries) end the trial with status `error`, never as an outcome.
 */
export async function runAgentLoop<S>(input: AgentLoopInput<S>): Promise<AgentLoopResult<S>> {
  const { instance, model, mode } = input;
  const environment = new Environment(instance.tools, instance.initialState);
  const system = mode === 'text' ? `${instance.system}\n\n${describeToolsForText(instance.tools)}` : instance.system;
  const tools = mode === 'tools' ? nativeTools(instance.tools) : undefined;
  const providerOptions = mergeOptions(model.providerOptions, input.providerOptions);
  // Anthropic caches a prompt prefix only where asked: the system prompt and the first message (the
  // scenario's long shared part) are marked, so later steps and other trials of the condition read them cheaply.
  const cache = model.provider === 'anthropic' ? { anthropic: { cacheControl: { type: 'ephemeral' } } } : undefined;
  const messages: ModelMessage[] = cache
    ? [
        { role: 'system', content: system, providerOptions: cache },
        { role: 'user', content: instance.firstMessage, providerOptions: cache },
      ]
    : [{ role: 'user', content: instance.firstMessage }];
  const transcript: TranscriptMessage[] = [
    { role: 'system', parts: [{ type: 'text', text: system }] },
    { role: 'user', parts: [{ type: 'text', text: instance.firstMessage }] },
  ];
  const usage = emptyUsage();
  const warnings: ProviderWarning[] = [];
  const startedAt = new Date();
  let modelMs = 0;
  /** Why the last call was made whole although the model streams (the endpoint refused to stream). */
  let unstreamed: string | undefined;
  let steps = 0;
  let status: TrialStatus = 'truncated';
  let error: TrialError | null = null;
  const responseCache = model.simulated ? undefined : input.cache;
  // The tools as sent, in a serializable form for the cache key (the SDK's tool objects hold functions).
  const toolsForKey = responseCache && mode === 'tools' ? keyedTools(instance.tools) : null;

  try {
    for (let step = 0; step < input.maxSteps; step++) {
      const cacheKey = responseCache
        ? responseCacheKey({
            model: model.id,
            settings: model.settings,
            request: { system, messages, tools: toolsForKey, temperature: model.temperature ?? null, maxOutputTokens: model.maxOutputTokens ?? null, providerOptions: providerOptions ?? null },
            sample: input.sample ?? 0,
          })
        : undefined;
      const hit = cacheKey ? responseCache?.get(cacheKey) : undefined;
      const result = hit ?? (await callModel());
      if (hit) usage.cachedCalls = (usage.cachedCalls ?? 0) + 1;
      else {
        addUsage(usage, result.usage);
        if (cacheKey) responseCache?.put(cacheKey, result);
      }
      addProviderWarnings(warnings, step, result.warnings);
      if (unstreamed !== undefined) {
        addProviderWarnings(warnings, step, [{ type: 'other', message: `answers were not streamed: ${unstreamed}` }]);
        unstreamed = undefined;
      }
      steps = step + 1;

      // Keep the assistant turn exactly as the SDK shaped it (reasoning signatures included); tool
      // results are ours, one per call, so they always pair with the calls.
      messages.push(...(result.messages as unknown as ModelMessage[]).map(withoutBlankText));
      const parts: TranscriptPart[] = result.content.map((part) => ({ ...part }));
      transcript.push({ role: 'assistant', parts, step });

      if (result.finishReason === 'content-filter') {
        status = 'refused';
        break;
      }
      const executed =
        mode === 'tools'
          ? result.toolCalls.map((call) => ({ ...environment.call(step, call.toolCallId, call.toolName, call.input), toolCallId: call.toolCallId, toolName: call.toolName }))
          : parseTextToolCalls(result.text).map((call, i) => {
              const toolCallId = `text-${step}-${i}`;
              const outcome =
                call.input === null
                  ? environment.call(step, toolCallId, call.toolName, { unparsed: call.raw, error: call.error })
                  : environment.call(step, toolCallId, call.toolName, call.input);
              return { ...outcome, toolCallId, toolName: call.toolName };
            });
      if (mode === 'text') {
        // Text-protocol calls become transcript tool calls too, so every reader sees one shape.
        for (const e of executed) parts.push({ type: 'tool-call', toolCallId: e.toolCallId, toolName: e.toolName, input: e.action.input });
      }
      if (executed.length === 0) {
        status = result.finishReason === 'length' ? 'truncated' : 'ok';
        break;
      }
      const resultParts: TranscriptPart[] = executed.map((e) => ({ type: 'tool-result', toolCallId: e.toolCallId, toolName: e.toolName, output: e.output, isError: e.isError }));
      transcript.push({ role: 'tool', parts: resultParts, step });
      if (mode === 'tools') {
        messages.push({
          role: 'tool',
          content: executed.map((e) => ({
            type: 'tool-result' as const,
            toolCallId: e.toolCallId,
            toolName: e.toolName,
            output: e.isError ? { type: 'error-text' as const, value: e.output } : { type: 'text' as const, value: e.output },
          })),
        });
      } else {
        messages.push({ role: 'user', content: formatTextToolResults(executed) });
      }
    }
  } catch (caught) {
    if (caught instanceof TrialAbortedError) throw caught;
    if (input.signal?.aborted) throw new TrialAbortedError('run interrupted', { cause: caught });
    status = 'error';
    error = describeError(caught, model.secrets);
  }

  /** One model call (scheduled, timed, retried): only a cache miss gets here. */
  async function callModel(): Promise<CachedResponse> {
    const callStarted = performance.now();
    const schedule = input.schedule ?? ((call) => call());
    const request: ModelRequest = {
      model: model.model,
      // With caching, our own system prompt travels as the first message (the only way to mark it);
      // it is not user content, so the SDK's prompt-injection warning does not apply.
      ...(cache ? { allowSystemInMessages: true } : { system }),
      messages,
      ...(tools ? { tools, toolChoice: 'auto' as const } : {}),
      ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
      ...(model.maxOutputTokens === undefined ? {} : { maxOutputTokens: model.maxOutputTokens }),
      ...(providerOptions ? { providerOptions } : {}),
    };
    const result = await withRetry(
      () => schedule(async () => {
        // Our own offline models: the prompt is built cheaply, not re-validated by the SDK (direct-call.ts).
        if (model.simulated) {
          return wholeCall((signal) =>
            callModelDirect(model.model, { ...(cache ? {} : { system }), messages, tools: mode === 'tools' ? instance.tools : undefined, temperature: model.temperature, maxOutputTokens: model.maxOutputTokens, providerOptions, abortSignal: signal }),
          );
        }
        const stream = input.stream;
        if (model.streams && stream && stream.refused.reason === undefined) {
          const streamed = await streamOnce(request, stream);
          if (streamed) return streamed;
        }
        const answer = await wholeCall((signal) => generateAnswer(request, signal));
        if (model.streams && input.stream?.refused.reason !== undefined) unstreamed = input.stream.refused.reason;
        return answer;
      }),
      input.retry,
      input.signal,
    );
    modelMs += performance.now() - callStarted;
    // Real answers stay whole until here: the scheduler reads their response headers (rate limits).
    return 'response' in result ? toCachedResponse(result) : result;
  }

  /** A streamed attempt; undefined when the endpoint turned out not to stream (then it is asked whole, in the same slot). */
  async function streamOnce(request: ModelRequest, stream: StreamSettings): Promise<ModelAnswer | undefined> {
    const watchdog = new StreamWatchdog(model.id, stream);
    const signal = input.signal ? AbortSignal.any([input.signal, watchdog.signal]) : watchdog.signal;
    try {
      watchCall(signal, watchdog);
      const answer = await streamAnswer(request, signal);
      if (watchdog.plainBody !== undefined) {
        notStreamed(`the endpoint answered a streaming request with ${watchdog.plainBody}, not an event stream`);
        return undefined;
      }
      const timing = watchdog.timing();
      if (timing) stream.onTiming?.(timing);
      return answer;
    } catch (caught) {
      if (input.signal?.aborted) throw new TrialAbortedError('run interrupted');
      if (watchdog.timedOut) throw watchdog.timedOut;
      if (watchdog.plainBody !== undefined) notStreamed(`the endpoint answered a streaming request with ${watchdog.plainBody}, not an event stream`);
      else if (StreamUnsupportedError.isInstance(caught)) notStreamed(caught.message);
      else throw caught;
      return undefined;
    } finally {
      watchdog.clear();
    }
  }

  /** Remembers for the whole endpoint that it does not stream; the caller then asks it whole. */
  function notStreamed(reason: string): void {
    if (input.stream) input.stream.refused.reason ??= reason;
  }

  /** An attempt made whole (not streamed): only its total time can be limited. */
  async function wholeCall<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = callDeadline(input.timeoutMs);
    const timeout = deadline.signal;
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      const answer = await call(signal);
      input.onCallTime?.(performance.now() - started);
      return answer;
    } catch (caught) {
      if (input.signal?.aborted) throw new TrialAbortedError('run interrupted');
      if (timeout.aborted) throw new ModelTimeoutError(`no answer from ${model.id} within ${Math.round(performance.now() - started)} ms`);
      throw caught;
    } finally {
      deadline.clear();
    }
  }

  return {
    outcome: {
      status,
      transcript,
      actions: [...environment.actions],
      // What the provider said it ignored travels with the trial, so a stored trial shows what was really sent.
      usage: { ...usage, ...(warnings.length > 0 ? { warnings } : {}), ...(usage.calls > 0 ? { effectiveSettings: effectiveSettings(model.settings, warnings) } : {}) },
      steps,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      modelMs: Math.round(modelMs),
      error,
    },
    finalState: environment.state,
  };
}
