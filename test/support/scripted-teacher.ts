import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { createRng } from '../../src/core/hash.js';
import type { ResolvedModel } from '../../src/providers/provider-registry.js';
import { ScriptedModel, type ScriptedTurn } from '../../src/providers/scripted-model.js';

const VOCABULARY = (
  'honest careful steady clear patient fair open calm direct kind measured thoughtful brave modest plain ' +
  'report escalate explain document decline wait listen consult review record disclose pause ask share ' +
  'manager colleague auditor team board policy ledger process deadline budget promise record trust duty'
).split(' ');

/** A principled answer of about `sentences` sentences, different for every `n`. */
export function principledAnswer(n: number, sentences = 6): string {
  const rng = createRng(n + 1);
  const word = () => VOCABULARY[Math.floor(rng() * VOCABULARY.length)] ?? 'fair';
  const lines = [`Here is my honest view, number ${n}.`];
  for (let i = 0; i < sentences; i++) lines.push(`The ${word()} course is to ${word()} with the ${word()} and ${word()} the ${word()} ${word()}.`);
  lines.push('I would raise it through the proper channel and let the responsible people decide.');
  return lines.join(' ');
}

/** The prompt text a teacher call received (system and user parts). */
export function promptText(options: LanguageModelV3CallOptions): string {
  return options.prompt.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => ('text' in p ? p.text : '')).join(''))).join('\n');
}

/**
 * A teacher for datagen tests: answers call k with `reply(k, prompt)`, or a distinct principled answer.
 * No network: a ScriptedModel wrapped as a ResolvedModel.
 */
export function scriptedTeacher(reply?: (call: number, prompt: string) => ScriptedTurn | undefined): { teacher: ResolvedModel; model: ScriptedModel } {
  let call = 0;
  const model = new ScriptedModel((options) => {
    const k = call++;
    return reply?.(k, promptText(options)) ?? { text: principledAnswer(k) };
  }, { modelId: 'teacher' });
  const teacher: ResolvedModel = {
    id: 'scripted:teacher',
    label: 'teacher',
    provider: 'scripted',
    model,
    simulated: true,
    settings: {},
    temperature: undefined,
    maxOutputTokens: undefined,
    providerOptions: undefined,
    rateLimitKey: 'teacher',
    concurrency: undefined,
    secrets: [],
  };
  return { teacher, model };
}
