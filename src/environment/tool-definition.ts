import type { z } from 'zod';

/** What a tool returns: the next state and the text the model sees. */
export interface ToolOutcome<S> {
  state: S;
  output: string;
}

/**
 * A simulated tool: a pure transition over the environment state. Nothing here touches the network,
 * the disk or the clock, so a trial can be replayed exactly from its recorded actions.
 */
export interface ToolDefinition<S, I = unknown> {
  name: string;
  description: string;
  /** Validates the model's arguments; its JSON Schema is what providers send to the model. */
  input: z.ZodType<I>;
  /** `observe` tools only read; `change` tools alter the world (and are what most detectors look at). */
  effect: 'observe' | 'change';
  run(state: S, input: I): ToolOutcome<S>;
}

/** A tool whose input type is erased, so tools of one environment can live in one array. */
export type AnyToolDefinition<S> = ToolDefinition<S, never>;

/** Declares a tool with its input type inferred from the schema. */
export function defineTool<S, I>(tool: ToolDefinition<S, I>): AnyToolDefinition<S> {
  return tool as unknown as AnyToolDefinition<S>;
}

/**
 * A tool call the environment refuses (unknown tool, bad arguments, missing email). The message goes
 * back to the model as an error result so it can correct itself, as a real tool would.
 */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}
