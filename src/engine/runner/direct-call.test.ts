import type { JSONSchema7, LanguageModelV3, SharedV3ProviderOptions, LanguageModelV3CallOptions, LanguageModelV3Content, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { generateText, jsonSchema, tool, type ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tinyInstance } from '../../../test/support/tiny-instance.js';
import type { AgentMode, TrialOutcome } from '../../core/trial.js';
import { emailTools } from '../../environment/email-environment.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import type { ResolvedModel } from '../../providers/provider-registry.js';
import { ScriptedModel, type ScriptedTurn } from '../../providers/scripted-model.js';
import { SIM_CONTEXT_KEY } from '../../providers/sim/sim-model.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import type { ScenarioInstance } from '../../scenarios/scenario.js';
import type { CachedResponse } from '../store/response-cache.js';
import { runAgentLoop } from './agent-loop.js';
import { callModelDirect } from './direct-call.js';

// The SDK prints provider warnings to the console; this test compares them, it does not need them printed.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const fastRetry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 };

/** Wraps a model so every call's options are kept, whichever path made the call. */
function recording(inner: LanguageModelV3): { model: LanguageModelV3; calls: LanguageModelV3CallOptions[] } {
  const calls: LanguageModelV3CallOptions[] = [];
  const model: LanguageModelV3 = {
    specificationVersion: 'v3',
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: {},
    doGenerate: (options) => {
      calls.push(options);
      return inner.doGenerate(options);
    },
    doStream: (options) => inner.doStream(options),
  };
  return { model, calls };
}

/** `simulated: false` sends the same model through `generateText`, the path real providers take. */
function resolved(model: LanguageModelV3, simulated: boolean, extra: Partial<ResolvedModel> = {}): ResolvedModel {
  return {
    id: `${model.provider}:${model.modelId}`,
    label: model.modelId,
    provider: model.provider,
    model,
    simulated,
    settings: {},
    temperature: undefined,
    maxOutputTokens: undefined,
    providerOptions: undefined,
    rateLimitKey: model.modelId,
    concurrency: undefined,
    secrets: [],
    ...extra,
  };
}

/** What a call sent, minus the SDK's own bookkeeping (user-agent header, unset settings). */
function sent(call: LanguageModelV3CallOptions | undefined) {
  return { prompt: call?.prompt, tools: call?.tools, toolChoice: call?.toolChoice, providerOptions: call?.providerOptions, temperature: call?.temperature, maxOutputTokens: call?.maxOutputTokens };
}

const withoutTimes = ({ startedAt: _s, durationMs: _d, modelMs: _m, ...rest }: TrialOutcome) => rest;

async function bothPaths<S>(makeModel: () => LanguageModelV3, instance: ScenarioInstance<S>, mode: AgentMode, extra: Partial<ResolvedModel> = {}, providerOptions?: SharedV3ProviderOptions) {
  const run = async (simulated: boolean) => {
    const { model, calls } = recording(makeModel());
    const result = await runAgentLoop({
      instance,
      model: resolved(model, simulated, extra),
      mode,
      maxSteps: 8,
      timeoutMs: 5000,
      retry: fastRetry,
      ...(providerOptions ? { providerOptions } : {}),
    });
    return { ...result, calls };
  };
  return { direct: await run(true), sdk: await run(false) };
}

const scripts: Record<string, ScriptedTurn[]> = {
  'reasoning, text and several tool calls': [
    { reasoning: 'First I read the inbox.', toolCalls: [{ name: 'read_inbox', input: {} }] },
    {
      text: 'Replying to the boss.',
      toolCalls: [
        { name: 'send_email', input: { to: 'boss@corp.example', subject: 'Status', body: 'All good: "done".' } },
        { name: 'read_inbox', input: {} },
      ],
    },
    { reasoning: 'Nothing left.', text: 'Finished.' },
  ],
  'blank text before a call, unknown tools and bad inputs': [
    { text: '\n\n ', toolCalls: [{ name: 'read_inbox', input: {} }] },
    { toolCalls: [{ name: 'shred_files', input: { all: true } }, { name: 'send_email', input: { to: 5 } }] },
    { text: 'Giving up.' },
  ],
  'a refusal': [{ text: '', finishReason: 'content-filter' }],
  'cut off at the length limit': [{ text: 'I was about to', finishReason: 'length' }],
  'an empty answer': [{}],
};

describe('callModelDirect inside the agent loop', () => {
  for (const [name, turns] of Object.entries(scripts)) {
    for (const mode of ['tools', 'text'] as const) {
      it(`gives what generateText gives for a scripted model (${name}, ${mode} mode)`, async () => {
        const { direct, sdk } = await bothPaths(() => new ScriptedModel(turns), tinyInstance(), mode, { temperature: 0.3, maxOutputTokens: 900 });
        expect(withoutTimes(direct.outcome)).toStrictEqual(withoutTimes(sdk.outcome));
        expect(direct.finalState).toStrictEqual(sdk.finalState);
        expect(direct.calls.length).toBe(sdk.calls.length);
        expect(direct.calls.length).toBeGreaterThan(0);
        direct.calls.forEach((call, i) => {
          expect(sent(call)).toStrictEqual(sent(sdk.calls[i]));
        });
      });
    }
  }

  it('gives what generateText gives for sim:baseline on blackmail, both branches, both modes', async () => {
    const scenarios = createDefaultScenarioRegistry({ env: {} });
    const sim = createDefaultProviderRegistry(scenarios).resolve({ id: 'sim:baseline' });
    const conditionId = 'blackmail/explicit-america/replacement';
    const scenario = scenarios.forCondition(conditionId);
    const instance = scenario.render(parseConditionId(scenario, conditionId));
    const statuses = new Set<string>();
    for (const mode of ['tools', 'text'] as const) {
      for (let seed = 0; seed < 6; seed++) {
        const { direct, sdk } = await bothPaths(() => sim.model, instance, mode, {}, { [SIM_CONTEXT_KEY]: { conditionId, seed } });
        expect(withoutTimes(direct.outcome)).toStrictEqual(withoutTimes(sdk.outcome));
        direct.calls.forEach((call, i) => {
          expect(sent(call)).toStrictEqual(sent(sdk.calls[i]));
        });
        statuses.add(direct.outcome.actions.map((a) => a.tool).join(','));
      }
    }
    // The seeds cover more than one episode (the harmful branch and the other).
    expect(statuses.size).toBeGreaterThan(1);
  });
});

/** A model that answers one fixed provider result, to reach shapes the offline models never produce. */
function fixedModel(result: Omit<LanguageModelV3GenerateResult, 'warnings'> & { warnings?: LanguageModelV3GenerateResult['warnings'] }): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'fixed',
    modelId: 'fixed',
    supportedUrls: {},
    doGenerate: () => Promise.resolve({ warnings: [], ...result }),
    doStream: () => Promise.reject(new Error('no streaming')),
  };
}

const usage = (cacheRead?: number) => ({
  inputTokens: { total: 120, noCache: undefined, cacheRead, cacheWrite: undefined },
  outputTokens: { total: 30, text: undefined, reasoning: 7 },
});

const answers: Record<string, LanguageModelV3Content[]> = {
  'signed reasoning, empty and blank text, a call': [
    { type: 'reasoning', text: 'Think.', providerMetadata: { anthropic: { signature: 'sig-1' } } },
    { type: 'text', text: '' },
    { type: 'text', text: '\n ' },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'read_inbox', input: '{}', providerMetadata: { openai: { itemId: 'it-1' } } },
  ],
  'unknown tool, unparseable input, empty input, poisoned input': [
    { type: 'tool-call', toolCallId: 'c1', toolName: 'shred_files', input: '{"all":true}' },
    { type: 'tool-call', toolCallId: 'c2', toolName: 'send_email', input: '{"to": ' },
    { type: 'tool-call', toolCallId: 'c3', toolName: 'read_inbox', input: '  ' },
    { type: 'tool-call', toolCallId: 'c4', toolName: 'shred_files', input: '' },
    { type: 'tool-call', toolCallId: 'c5', toolName: 'send_email', input: '{"__proto__":{"x":1}}' },
    { type: 'tool-call', toolCallId: 'c6', toolName: 'send_email', input: '"just text"' },
  ],
  'text only': [{ type: 'text', text: 'Done.' }, { type: 'text', text: ' Really.' }],
  nothing: [],
};

describe('callModelDirect against generateText, one call', () => {
  const history: ModelMessage[] = [
    { role: 'user', content: 'Please handle your inbox.' },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Look.', providerOptions: { anthropic: { signature: 's' } } },
        { type: 'text', text: '' },
        { type: 'tool-call', toolCallId: 'c0', toolName: 'read_inbox', input: {} },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c0', toolName: 'read_inbox', output: { type: 'error-text', value: 'no mail' } }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Status?' }] },
    { role: 'user', content: '<tool_result:read_inbox>\n…\n</tool_result:read_inbox>' },
  ];
  const sdkTools = Object.fromEntries(emailTools.map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema<Record<string, unknown>>(z.toJSONSchema(t.input) as JSONSchema7) })]));

  for (const [name, content] of Object.entries(answers)) {
    for (const withTools of [true, false]) {
      it(`returns the answer generateText returns (${name}, ${withTools ? 'native tools' : 'no tools'})`, async () => {
        const finishReason = { unified: 'tool-calls' as const, raw: 'tool_use' };
        const warnings = [{ type: 'unsupported' as const, feature: 'temperature', details: 'reasoning is on' }, { type: 'other' as const, message: 'note' }];
        const direct = recording(fixedModel({ content, finishReason, usage: usage(40), warnings }));
        const viaSdk = recording(fixedModel({ content, finishReason, usage: usage(40), warnings }));
        const providerOptions = { corrigible: { conditionId: 'x', seed: 1 } };
        const ours = await callModelDirect(direct.model, { system: 'Be helpful.', messages: history, tools: withTools ? emailTools : undefined, temperature: 0.5, providerOptions });
        const theirs = await generateText({
          model: viaSdk.model,
          system: 'Be helpful.',
          messages: history,
          ...(withTools ? { tools: sdkTools, toolChoice: 'auto' as const } : {}),
          maxRetries: 0,
          temperature: 0.5,
          providerOptions,
        });
        expect(sent(direct.calls[0])).toStrictEqual(sent(viaSdk.calls[0]));
        // The stored turn: assistant messages exactly as the SDK shapes them, replayed on the next step.
        expect(ours.messages).toStrictEqual(theirs.response.messages.filter((m) => m.role === 'assistant'));
        expect(ours.toolCalls).toStrictEqual(theirs.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName, input: c.input })));
        const parts = theirs.content.flatMap((p): CachedResponse['content'] =>
          p.type === 'reasoning' ? [{ type: 'reasoning', text: p.text }] : p.type === 'text' && p.text !== '' ? [{ type: 'text', text: p.text }] : p.type === 'tool-call' ? [{ type: 'tool-call', toolCallId: p.toolCallId, toolName: p.toolName, input: p.input }] : [],
        );
        expect(ours.content).toStrictEqual(parts);
        expect(ours.text).toBe(theirs.text);
        expect(ours.finishReason).toBe(theirs.finishReason);
        expect(ours.usage).toStrictEqual({
          inputTokens: theirs.usage.inputTokens,
          outputTokens: theirs.usage.outputTokens,
          reasoningTokens: theirs.usage.outputTokenDetails.reasoningTokens,
          cachedInputTokens: theirs.usage.inputTokenDetails.cacheReadTokens,
        });
        expect(ours.warnings).toStrictEqual(theirs.warnings);
      });
    }
  }

  it('propagates a provider error as it is, as generateText does at maxRetries 0', async () => {
    const failure = new Error('simulated overload');
    const model: LanguageModelV3 = { ...fixedModel({ content: [], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage() }), doGenerate: () => Promise.reject(failure) };
    await expect(callModelDirect(model, { messages: history })).rejects.toBe(failure);
    await expect(generateText({ model, messages: history, maxRetries: 0 })).rejects.toBe(failure);
  });

  it('refuses a message shape the agent loop never builds instead of guessing', async () => {
    const model = fixedModel({ content: [], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage() });
    const image: ModelMessage = { role: 'user', content: [{ type: 'image', image: new Uint8Array([1]) }] };
    await expect(callModelDirect(model, { messages: [image] })).rejects.toThrow(/does not handle user messages with parts/);
    const file = fixedModel({ content: [{ type: 'file', mediaType: 'image/png', data: 'AA==' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage() });
    await expect(callModelDirect(file, { messages: history })).rejects.toThrow(/does not handle "file" parts/);
  });
});
