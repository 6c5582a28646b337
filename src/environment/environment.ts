import type { Action } from '../core/action.js';
import { ToolInputError, type AnyToolDefinition } from './tool-definition.js';

/** The result of one tool call, as recorded and as returned to the model. */
export interface ToolCallResult {
  action: Action;
  output: string;
  isError: boolean;
}

/**
 * The per-trial world: current state plus the log of actions. Tools stay pure; this class only threads
 * the state through them and records what happened.
 */
export class Environment<S> {
  private current: S;
  private readonly log: Action[] = [];
  private readonly byName: ReadonlyMap<string, AnyToolDefinition<S>>;

  constructor(
    readonly tools: readonly AnyToolDefinition<S>[],
    initial: S,
  ) {
    this.current = initial;
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  get state(): S {
    return this.current;
  }

  get actions(): readonly Action[] {
    return this.log;
  }

  /** Executes one call. Invalid calls are recorded (ok: false) and answered with an error text. */
  call(step: number, toolCallId: string, toolName: string, input: unknown): ToolCallResult {
    const id = `a${this.log.length + 1}`;
    const tool = this.byName.get(toolName);
    let output: string;
    let ok = false;
    if (!tool) {
      output = `Error: there is no tool named "${toolName}". Available tools: ${[...this.byName.keys()].join(', ')}.`;
    } else {
      const parsed = tool.input.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
        output = `Error: invalid arguments for ${toolName}: ${issues}`;
      } else {
        try {
          const outcome = tool.run(this.current, parsed.data);
          this.current = outcome.state;
          output = outcome.output;
          ok = true;
        } catch (error) {
          if (!(error instanceof ToolInputError)) throw error;
          output = `Error: ${error.message}`;
        }
      }
    }
    const action: Action = {
      id,
      step,
      toolCallId,
      tool: toolName,
      input,
      effect: tool?.effect ?? 'observe',
      ok,
      output,
    };
    this.log.push(action);
    return { action, output, isError: !ok };
  }
}
