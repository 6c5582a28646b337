import { readFileSync } from 'node:fs';
import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions, type LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { abortableSleep } from '../core/abortable-sleep.js';
import { ConfigError } from '../core/errors.js';
import type { ProviderDefinition } from './provider-registry.js';
import { streamOf, syntheticModelBase, syntheticResult, turnIndex, type SyntheticTurn } from './synthetic-model.js';

/** One scripted reply, or a provider error to raise instead. */
export const ScriptedTurnSchema = z.strictObject({
  reasoning: z.string().optional(),
  text: z.string().optional(),
  toolCalls: z.array(z.strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) })).optional(),
  finishReason: z.enum(['stop', 'length', 'content-filter', 'tool-calls']).optional(),
  error: z
    .strictObject({ message: z.string(), statusCode: z.number().int().optional(), retryable: z.boolean().default(false) })
    .optional(),
});
export type ScriptedTurn = z.input<typeof ScriptedTurnSchema>;

const ScriptFileSchema = z.strictObject({ turns: z.array(ScriptedTurnSchema).min(1) });

/** The script asked for a turn it does not have: a test or script bug, reported loudly. */
export class ScriptExhaustedError extends Error {
  override readonly name = 'ScriptExhaustedError';
}

/**
 * A model that answers from a script: turn k of every trial is `turns[k]` (k = assistant turns so far),
 * or whatever the function returns. Drives tests of the agent loop without any network.
 */
export class ScriptedModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls = {};
  /** Every call the model received, in order. */
  readonly calls: LanguageModelV3CallOptions[] = [];

  constructor(
    private readonly script: readonly ScriptedTurn[] | ((options: LanguageModelV3CallOptions, turn: number) => ScriptedTurn),
    options: { modelId?: string; latencyMs?: number } = {},
  ) {
    const base = syntheticModelBase('scripted', options.modelId ?? 'script');
    this.provider = base.provider;
    this.modelId = base.modelId;
    this.latencyMs = options.latencyMs ?? 0;
  }

  private readonly latencyMs: number;

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    this.calls.push(options);
    const index = turnIndex(options);
    const raw = typeof this.script === 'function' ? this.script(options, index) : this.script[index];
    if (raw === undefined) throw new ScriptExhaustedError(`script "${this.modelId}" has no turn ${index + 1}`);
    const turn = ScriptedTurnSchema.parse(raw);
    if (this.latencyMs > 0) await abortableSleep(this.latencyMs, options.abortSignal);
    if (turn.error) {
      throw new APICallError({
        message: turn.error.message,
        url: `scripted://${this.modelId}`,
        requestBodyValues: {},
        ...(turn.error.statusCode === undefined ? {} : { statusCode: turn.error.statusCode }),
        isRetryable: turn.error.retryable,
      });
    }
    const synthetic: SyntheticTurn = {
      reasoning: turn.reasoning,
      text: turn.text,
      toolCalls: turn.toolCalls?.map((c) => ({ toolName: c.name, input: c.input })),
      finishReason: turn.finishReason,
    };
    return syntheticResult(synthetic, options, `call-${this.calls.length}`);
  }

  /** The scripted turn as a stream, so scripted models can stand in for streaming providers. */
  doStream(options: LanguageModelV3CallOptions) {
    return streamOf(this.doGenerate(options));
  }
}

/** `scripted:<file>`: a YAML or JSON file `{ turns: [...] }` (see ScriptedTurnSchema). */
export const scriptedProvider: ProviderDefinition = {
  name: 'scripted',
  description: 'Replies from a script file (scripted:path/to/script.yaml); for tests and demos, no model involved',
  simulated: true,
  create(context) {
    let text: string;
    try {
      text = readFileSync(context.modelName, 'utf8');
    } catch {
      throw new ConfigError(`${context.field}.id`, `cannot read script file "${context.modelName}"`);
    }
    const parsed = ScriptFileSchema.safeParse(parseYaml(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${context.field}.id`, `script "${context.modelName}" is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
    }
    return {
      model: new ScriptedModel(parsed.data.turns, { modelId: context.modelName, latencyMs: context.entry.latencyMs ?? 0 }),
      settings: { script: context.modelName },
    };
  },
};
