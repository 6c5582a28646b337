import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { syntheticResult } from './synthetic-model.js';

const call = (prompt: LanguageModelV3Prompt): LanguageModelV3CallOptions => ({ prompt });
const inputTokens = (prompt: LanguageModelV3Prompt) => syntheticResult({ text: 'ok' }, call(prompt), 'c').usage.inputTokens.total;

/** A conversation of `steps` messages whose user text is `pad` characters longer (tokens are chars / 4, rounded up). */
function conversation(pad: number): LanguageModelV3Prompt[] {
  const system = { role: 'system' as const, content: 'You are "Wren", an assistant.\nBe brief.' };
  const user = { role: 'user' as const, content: [{ type: 'text' as const, text: `Read the inbox — ünïcode, "quotes", \\ backslashes.${'x'.repeat(pad)}` }], providerOptions: undefined };
  const assistant = {
    role: 'assistant' as const,
    content: [
      { type: 'reasoning' as const, text: 'Think.', providerOptions: { anthropic: { signature: 's' } } },
      { type: 'tool-call' as const, toolCallId: 'c1', toolName: 'read_inbox', input: {}, providerExecuted: undefined },
    ],
  };
  const tool = { role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'c1', toolName: 'read_inbox', output: { type: 'text' as const, value: '12 email(s)' } }] };
  return [[], [system], [system, user], [system, user, assistant, tool], [system, user, assistant, tool, { ...user }]];
}

describe('syntheticResult usage', () => {
  it('counts input tokens from the whole prompt as serialized, to the character', () => {
    // Four paddings: a count off by one to three characters shows as a different token count in one of them.
    for (let pad = 0; pad < 4; pad++) {
      const steps = conversation(pad);
      for (const prompt of steps) expect(inputTokens(prompt)).toBe(Math.ceil(JSON.stringify(prompt).length / 4));
      // Again with the same message objects (the runner hands them back on every step): the same count.
      for (const prompt of steps) expect(inputTokens(prompt)).toBe(Math.ceil(JSON.stringify(prompt).length / 4));
    }
  });
});
