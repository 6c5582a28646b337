import { z } from 'zod';
import type { TranscriptMessage, TranscriptPart } from '../../core/transcript.js';
import { numberSteps } from './foreign-transcript.js';

/*
 * Two foreign message shapes: the OpenAI chat shape most agent harnesses log (JSONL multi-step), and
 * Inspect's ChatMessage (eval logs). Both become our transcript; unknown content kinds are ignored.
 */

const TextContent = z.object({ type: z.literal('text'), text: z.string() });
const ReasoningContent = z.object({ type: z.literal('reasoning'), reasoning: z.string() });
const OtherContent = z.looseObject({ type: z.string() });
const ContentSchema = z.union([z.string(), z.null(), z.array(z.union([TextContent, ReasoningContent, OtherContent]))]);

function contentParts(content: z.infer<typeof ContentSchema> | undefined): TranscriptPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: TranscriptPart[] = [];
  for (const item of content) {
    if (item.type === 'text' && 'text' in item && typeof item.text === 'string') parts.push({ type: 'text', text: item.text });
    else if (item.type === 'reasoning' && 'reasoning' in item && typeof item.reasoning === 'string') parts.push({ type: 'reasoning', text: item.reasoning });
  }
  return parts;
}

/** Arguments as a string of JSON (OpenAI) or an object (Inspect); a string that is not JSON is kept as is. */
function toolInput(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const OpenAiToolCall = z.object({
  id: z.string(),
  type: z.string().optional(),
  function: z.object({ name: z.string().min(1), arguments: z.unknown() }),
});

/** A message in the OpenAI chat shape (`tool_calls[].function.{name, arguments}`, `tool_call_id`). */
export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: ContentSchema.optional(),
  reasoning: z.string().optional(),
  reasoning_content: z.string().optional(),
  tool_calls: z.array(OpenAiToolCall).nullable().optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
  is_error: z.boolean().optional(),
});

/** A message of an Inspect log (`tool_calls[].{function, arguments}`, tool `function` and `error`). */
export const InspectMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: ContentSchema,
  tool_calls: z
    .array(z.object({ id: z.string(), function: z.string().min(1), arguments: z.unknown() }))
    .nullable()
    .optional(),
  tool_call_id: z.string().nullable().optional(),
  function: z.string().nullable().optional(),
  error: z.object({ message: z.string() }).nullable().optional(),
});

function textOf(parts: readonly TranscriptPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** OpenAI-chat messages to our transcript. */
export function fromChatMessages(messages: readonly z.infer<typeof ChatMessageSchema>[]): TranscriptMessage[] {
  const names = new Map<string, string>();
  const out: TranscriptMessage[] = messages.map((m) => {
    const parts = contentParts(m.content);
    if (m.role === 'system' || m.role === 'developer') return { role: 'system', parts };
    if (m.role === 'user') return { role: 'user', parts };
    if (m.role === 'assistant') {
      const reasoning = m.reasoning ?? m.reasoning_content;
      const calls: TranscriptPart[] = (m.tool_calls ?? []).map((c) => {
        names.set(c.id, c.function.name);
        return { type: 'tool-call', toolCallId: c.id, toolName: c.function.name, input: toolInput(c.function.arguments) };
      });
      return { role: 'assistant', parts: [...(reasoning ? [{ type: 'reasoning' as const, text: reasoning }] : []), ...parts, ...calls] };
    }
    const id = m.tool_call_id ?? '';
    return {
      role: 'tool',
      parts: [{ type: 'tool-result', toolCallId: id, toolName: m.name ?? names.get(id) ?? 'unknown', output: textOf(parts), isError: m.is_error ?? false }],
    };
  });
  return numberSteps(out);
}

/** Inspect ChatMessages to our transcript. */
export function fromInspectMessages(messages: readonly z.infer<typeof InspectMessageSchema>[]): TranscriptMessage[] {
  const names = new Map<string, string>();
  const out: TranscriptMessage[] = messages.map((m) => {
    const parts = contentParts(m.content);
    if (m.role === 'system' || m.role === 'user') return { role: m.role, parts };
    if (m.role === 'assistant') {
      const calls: TranscriptPart[] = (m.tool_calls ?? []).map((c) => {
        names.set(c.id, c.function);
        return { type: 'tool-call', toolCallId: c.id, toolName: c.function, input: toolInput(c.arguments) };
      });
      return { role: 'assistant', parts: [...parts, ...calls] };
    }
    const id = m.tool_call_id ?? '';
    const output = m.error ? `${textOf(parts)}${textOf(parts) ? '\n' : ''}Error: ${m.error.message}` : textOf(parts);
    return {
      role: 'tool',
      parts: [{ type: 'tool-result', toolCallId: id, toolName: m.function ?? names.get(id) ?? 'unknown', output, isError: Boolean(m.error) }],
    };
  });
  return numberSteps(out);
}
