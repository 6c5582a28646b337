import { describe, expect, it } from 'vitest';
import { tinyInstance } from '../../../test/support/tiny-instance.js';
import type { ResolvedModel } from '../../providers/provider-registry.js';
import { ScriptedModel, type ScriptedTurn } from '../../providers/scripted-model.js';
import type { EmailState } from '../../environment/email-environment.js';
import { runAgentLoop, TrialAbortedError, withoutBlankText, type AgentLoopInput } from './agent-loop.js';

const fastRetry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

function resolved(model: ScriptedModel): ResolvedModel {
  return {
    id: 'scripted:test',
    label: 'scripted:test',
    provider: 'scripted',
    model,
    simulated: true,
    settings: {},
    temperature: undefined,
    maxOutputTokens: undefined,
    providerOptions: undefined,
    rateLimitKey: 'scripted:test',
    concurrency: undefined,
    secrets: ['sk-live-0123456789'],
  };
}

const script: ScriptedTurn[] = [
  { reasoning: 'First I read the inbox.', toolCalls: [{ name: 'read_inbox', input: {} }] },
  {
    text: 'Replying to the boss.',
    toolCalls: [{ name: 'send_email', input: { to: 'boss@corp.example', subject: 'Status', body: 'All good: "done".' } }],
  },
  { text: 'Finished.' },
];

async function run(turns: ScriptedTurn[] | ConstructorParameters<typeof ScriptedModel>[0], overrides: Partial<AgentLoopInput<EmailState>> = {}) {
  const model = new ScriptedModel(turns);
  const result = await runAgentLoop({ instance: tinyInstance(), model: resolved(model), mode: 'tools', maxSteps: 6, timeoutMs: 2000, retry: fastRetry, ...overrides });
  return { model, ...result };
}

describe('runAgentLoop', () => {
  it('drives native tool calls to completion and records actions, reasoning and usage', async () => {
    const { outcome, finalState, model } = await run(script);
    expect(outcome.status).toBe('ok');
    expect(outcome.error).toBeNull();
    expect(outcome.steps).toBe(3);
    expect(outcome.actions.map((a) => [a.id, a.tool, a.step, a.ok])).toEqual([
      ['a1', 'read_inbox', 0, true],
      ['a2', 'send_email', 1, true],
    ]);
    expect(finalState.sent[0]?.body).toBe('All good: "done".');
    expect(outcome.transcript[2]?.parts[0]).toEqual({ type: 'reasoning', text: 'First I read the inbox.' });
    expect(outcome.usage.calls).toBe(3);
    expect(outcome.usage.inputTokens).toBeGreaterThan(0);
    // The second call carries the first call's result, paired by id.
    const secondPrompt = model.calls[1]?.prompt ?? [];
    const toolMessage = secondPrompt.find((m) => m.role === 'tool');
    const assistant = secondPrompt.find((m) => m.role === 'assistant');
    const callId = assistant?.role === 'assistant' ? assistant.content.find((p) => p.type === 'tool-call')?.toolCallId : undefined;
    expect(callId).toBeDefined();
    expect(toolMessage?.role === 'tool' ? toolMessage.content[0] : undefined).toMatchObject({ type: 'tool-result', toolCallId: callId });
  });

  it('records the same actions in text mode, from tool calls written as text', async () => {
    const tools = await run(script);
    const text = await run(script, { mode: 'text' });
    expect(text.outcome.status).toBe('ok');
    const strip = (actions: typeof tools.outcome.actions) => actions.map(({ toolCallId: _id, ...rest }) => rest);
    expect(strip(text.outcome.actions)).toEqual(strip(tools.outcome.actions));
    // Text mode sends no native tools and tells the model how to write calls.
    const first = text.model.calls[0];
    expect(first?.tools ?? []).toHaveLength(0);
    expect(first?.prompt[0]?.role === 'system' ? first.prompt[0].content : '').toContain('<tool_use:TOOL_NAME>');
    const resultTurn = text.model.calls[1]?.prompt.at(-1);
    expect(resultTurn?.role).toBe('user');
    expect(JSON.stringify(resultTurn)).toContain('<tool_result:read_inbox>');
  });

  it('answers invalid and unknown tool calls with paired errors and keeps going', async () => {
    const { outcome, model } = await run([
      { toolCalls: [{ name: 'shred_files', input: {} }, { name: 'send_email', input: { to: 5 } }] },
      { text: 'Giving up.' },
    ]);
    expect(outcome.status).toBe('ok');
    expect(outcome.actions.map((a) => a.ok)).toEqual([false, false]);
    const toolMessages = model.calls[1]?.prompt.filter((m) => m.role === 'tool') ?? [];
    // Exactly one tool message, one result per call: a strict API would reject duplicates.
    expect(toolMessages).toHaveLength(1);
    expect(toolMessages[0]?.role === 'tool' ? toolMessages[0].content.map((p) => p.type === 'tool-result' && p.output.type) : []).toEqual(['error-text', 'error-text']);
  });

  it('marks a trial that is still calling tools at the step limit as truncated', async () => {
    const { outcome } = await run(() => ({ toolCalls: [{ name: 'read_inbox', input: {} }] }), { maxSteps: 3 });
    expect(outcome.status).toBe('truncated');
    expect(outcome.steps).toBe(3);
  });

  it('marks content-filtered output as refused', async () => {
    const { outcome } = await run([{ text: '', finishReason: 'content-filter' }]);
    expect(outcome.status).toBe('refused');
  });

  it('retries transient provider errors, then succeeds', async () => {
    let calls = 0;
    const { outcome } = await run((_options, turn) => {
      calls++;
      if (calls <= 2) return { error: { message: 'overloaded', statusCode: 529, retryable: true } };
      return turn === 0 ? { text: 'done' } : { text: 'x' };
    });
    expect(outcome.status).toBe('ok');
    expect(calls).toBe(3);
  });

  it('stores a provider failure as an error, never as an outcome', async () => {
    const permanent = await run([{ error: { message: 'invalid x-api-key', statusCode: 401, retryable: false } }]);
    expect(permanent.outcome.status).toBe('error');
    expect(permanent.outcome.error).toMatchObject({ kind: 'AI_APICallError', statusCode: 401, retryable: false });
    expect(permanent.model.calls).toHaveLength(1);
    const transient = await run(() => ({ error: { message: 'busy', statusCode: 503, retryable: true } }));
    expect(transient.outcome.status).toBe('error');
    expect(transient.outcome.error?.retryable).toBe(true);
    expect(transient.model.calls).toHaveLength(fastRetry.maxAttempts);
  });

  it('scrubs the key from error text before it can be stored', async () => {
    const { outcome } = await run([{ error: { message: 'Incorrect API key provided: sk-live-0123456789.', statusCode: 401 } }]);
    expect(outcome.error?.message).toBe('Incorrect API key provided: [redacted].');
  });

  it('turns a call that exceeds the timeout into an error', async () => {
    const model = new ScriptedModel([{ text: 'late' }], { latencyMs: 5000 });
    const { outcome } = await runAgentLoop({ instance: tinyInstance(), model: resolved(model), mode: 'tools', maxSteps: 2, timeoutMs: 100, retry: { ...fastRetry, maxAttempts: 1 } });
    expect(outcome.status).toBe('error');
    expect(outcome.error?.kind).toBe('ModelTimeoutError');
  });

  it('abandons the trial when the run is aborted', async () => {
    const controller = new AbortController();
    const model = new ScriptedModel([{ text: 'late' }], { latencyMs: 5000 });
    const pending = runAgentLoop({ instance: tinyInstance(), model: resolved(model), mode: 'tools', maxSteps: 2, timeoutMs: 10_000, retry: fastRetry, signal: controller.signal });
    setTimeout(() => { controller.abort(new Error('stop')); }, 50);
    await expect(pending).rejects.toBeInstanceOf(TrialAbortedError);
  });

  it('never replays a whitespace-only text block (Anthropic rejects it with a 400)', () => {
    const turn = {
      role: 'assistant' as const,
      content: [
        { type: 'reasoning' as const, text: 'think', providerOptions: { anthropic: { signature: 'sig' } } },
        { type: 'text' as const, text: '\n\n ' },
        { type: 'tool-call' as const, toolCallId: 'c1', toolName: 'read_inbox', input: {} },
      ],
    };
    expect(withoutBlankText(turn)).toEqual({ role: 'assistant', content: [turn.content[0], turn.content[2]] });
    const plain = { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'Done.' }] };
    expect(withoutBlankText(plain)).toBe(plain);
  });
});
