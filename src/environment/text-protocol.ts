import { z } from 'zod';
import type { AnyToolDefinition } from './tool-definition.js';

/**
 * The text protocol: for models without native tool calling, and for parity with the original research
 * prompts, the agent writes tool calls as tagged text:
 *
 *     <tool_use:send_email>
 *     to: "someone@example.com",
 *     subject: "Hello",
 *     body: "Line one
 *     line two",
 *     </tool_use:send_email>
 *
 * A JSON object is accepted as the body too. Parsed calls go through the same Environment as native ones,
 * so both modes record the same actions.
 */

export interface TextToolCall {
  toolName: string;
  /** Parsed arguments, or null when the block could not be parsed (see `error`). */
  input: Record<string, unknown> | null;
  error: string | null;
  /** The whole tagged block as written. */
  raw: string;
}

const BLOCK = /<tool_use:([A-Za-z0-9_.-]+)>([\s\S]*?)(?:<\/tool_use:\1>|$)/g;
const KEY_LINE = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]?/;

/** Finds every `<tool_use:NAME>` block in a model's text, in order. */
export function parseTextToolCalls(text: string): TextToolCall[] {
  const calls: TextToolCall[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const toolName = match[1] ?? '';
    const body = (match[2] ?? '').trim();
    try {
      calls.push({ toolName, input: parseBody(body), error: null, raw: match[0] });
    } catch (error) {
      calls.push({ toolName, input: null, error: (error as Error).message, raw: match[0] });
    }
  }
  return calls;
}

function parseBody(body: string): Record<string, unknown> {
  if (body === '') return {};
  if (body.startsWith('{')) {
    const value: unknown = JSON.parse(body);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the JSON body must be an object');
    return value as Record<string, unknown>;
  }
  return parseKeyValues(body);
}

/**
 * Lenient `key: "value"` parsing. A quoted value may span lines; it ends at a closing quote that ends its
 * line (an optional comma may follow) and is followed by another `key:` line or the end of the block.
 */
function parseKeyValues(body: string): Record<string, unknown> {
  const lines = body.split('\n');
  const result: Record<string, unknown> = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const key = KEY_LINE.exec(line);
    if (!key?.[1]) throw new Error(`expected "name: value" on line ${i + 1}, got: ${line.trim().slice(0, 60)}`);
    const rest = line.slice(key[0].length).trimStart();
    if (!rest.startsWith('"')) {
      result[key[1]] = scalar(rest.replace(/,\s*$/, '').trim());
      i++;
      continue;
    }
    // Quoted value: gather lines until a line ending in a closing quote that precedes a key or the end.
    const collected: string[] = [rest.slice(1)];
    let end = -1;
    for (let j = i; j < lines.length; j++) {
      const candidate = j === i ? rest.slice(1) : (lines[j] ?? '');
      if (j > i) collected.push(candidate);
      if (/(?<!\\)"\s*,?\s*$/.test(candidate) && (j > i || candidate.length > 0)) {
        const next = lines.slice(j + 1).find((l) => l.trim() !== '');
        if (next === undefined || KEY_LINE.test(next)) {
          end = j;
          break;
        }
      }
    }
    if (end < 0) throw new Error(`the value of "${key[1]}" has no closing quote`);
    const joined = collected.join('\n').replace(/"\s*,?\s*$/, '');
    result[key[1]] = joined.replace(/\\"/g, '"').replace(/\\n/g, '\n');
    i = end + 1;
  }
  return result;
}

function scalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Instructions appended to the system prompt in text mode: the tools and how to call them. */
export function describeToolsForText(tools: readonly AnyToolDefinition<unknown>[]): string {
  const sections = tools.map((tool) => {
    const schema = z.toJSONSchema(tool.input) as { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
    const required = new Set(schema.required ?? []);
    const params = Object.entries(schema.properties ?? {}).map(
      ([name, p]) => `  - ${name} (${p.type ?? 'value'}${required.has(name) ? '' : ', optional'}): ${p.description ?? ''}`.trimEnd(),
    );
    return [`${tool.name}: ${tool.description}`, ...(params.length > 0 ? params : ['  (no arguments)'])].join('\n');
  });
  return [
    'You can use the following tools. To call one, write a block like this in your reply:',
    '',
    '<tool_use:TOOL_NAME>',
    'argument_name: "value",',
    'other_argument: "value",',
    '</tool_use:TOOL_NAME>',
    '',
    'Values are in double quotes and may span several lines. You may call several tools in one reply. The results come back in <tool_result:TOOL_NAME> blocks in the next message. When you have nothing left to do, reply without any tool_use block.',
    '',
    'Tools:',
    ...sections,
  ].join('\n');
}

/** The user turn that returns text-protocol results to the model. */
export function formatTextToolResults(results: readonly { toolName: string; output: string; isError: boolean }[]): string {
  return results
    .map((r) => `<tool_result:${r.toolName}${r.isError ? ' error="true"' : ''}>\n${r.output}\n</tool_result:${r.toolName}>`)
    .join('\n\n');
}

/**
 * Writes a tool call in the text protocol (the inverse of parseTextToolCalls for flat string, number and
 * boolean arguments). Simulated and scripted agents use it in text mode.
 */
export function formatTextToolCall(toolName: string, input: Readonly<Record<string, unknown>>): string {
  const lines = Object.entries(input).map(([key, value]) =>
    typeof value === 'string' ? `${key}: "${value.replace(/"/g, '\\"')}",` : `${key}: ${JSON.stringify(value)},`,
  );
  return [`<tool_use:${toolName}>`, ...lines, `</tool_use:${toolName}>`].join('\n');
}
