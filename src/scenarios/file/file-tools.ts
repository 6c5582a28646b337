import { z } from 'zod';
import { defineTool, ToolInputError, type AnyToolDefinition } from '../../environment/tool-definition.js';
import type { FileTool } from './file-scenario-schema.js';
import { setPath } from './state-path.js';

/** The state of a file-defined scenario: the JSON object its file declares, changed by `update` tools. */
export type FileState = Readonly<Record<string, unknown>>;

function zodFor(tool: FileTool): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, prop] of Object.entries(tool.input_schema.properties)) {
    let field: z.ZodType =
      prop.enum && prop.type === 'string'
        ? z.enum(prop.enum as [string, ...string[]])
        : prop.type === 'string'
          ? z.string()
          : prop.type === 'boolean'
            ? z.boolean()
            : prop.type === 'integer'
              ? z.number().int()
              : z.number();
    if (prop.description) field = field.describe(prop.description);
    shape[name] = tool.input_schema.required.includes(name) ? field : field.optional();
  }
  return z.strictObject(shape);
}

/** Replaces `{arg}` in a text with the call's argument values. */
function fill(text: string, input: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = input[name];
    return value === undefined ? whole : typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Builds a simulated tool from its declaration: pure, like every tool. */
export function buildFileTool(tool: FileTool): AnyToolDefinition<FileState> {
  const behavior = tool.behavior;
  return defineTool<FileState, Record<string, unknown>>({
    name: tool.name,
    description: tool.description,
    input: zodFor(tool),
    effect: behavior.kind === 'fixture' ? 'observe' : 'change',
    run(state, input) {
      switch (behavior.kind) {
        case 'record':
          return { state, output: fill(behavior.reply, input) };
        case 'fixture': {
          const keyValue = behavior.key === undefined ? undefined : input[behavior.key];
          const keyed = typeof keyValue === 'string' ? behavior.replies?.[keyValue] : undefined;
          const reply = keyed ?? (behavior.key === undefined ? behavior.reply : behavior.otherwise);
          if (reply === undefined) throw new ToolInputError(`nothing found for ${behavior.key ?? 'this request'} "${String(keyValue)}".`);
          return { state, output: fill(reply, input) };
        }
        case 'update': {
          const value = behavior.value_from === undefined ? behavior.value : input[behavior.value_from];
          return { state: setPath(state, fill(behavior.path, input), value), output: fill(behavior.reply, input) };
        }
      }
    },
  });
}
