import type { TranscriptMessage } from '../../core/transcript.js';

/*
 * Our provider-neutral transcript in Inspect's chat message shapes (ChatMessageSystem/User/Assistant/Tool).
 * Optional fields Inspect's viewer reads are written as explicit nulls.
 */

type InspectContent = { type: 'text'; text: string; refusal: null; citations: null } | { type: 'reasoning'; reasoning: string; redacted: false; summary: null; signature: null };

export interface InspectToolCall {
  id: string;
  function: string;
  arguments: Record<string, unknown>;
  type: 'function';
}

export type InspectMessage =
  | { role: 'system'; content: string; id: string; source: 'input'; metadata: null }
  | { role: 'user'; content: string; id: string; source: 'input'; metadata: null; tool_call_id: null }
  | { role: 'assistant'; content: InspectContent[]; id: string; source: 'generate'; metadata: { step: number | null }; tool_calls: InspectToolCall[] | null; model: string }
  | { role: 'tool'; content: string; id: string; source: null; metadata: null; tool_call_id: string; function: string; error: { type: 'unknown'; message: string } | null };

const textOf = (message: TranscriptMessage) =>
  message.parts
    .map((p) => (p.type === 'text' ? p.text : ''))
    .filter(Boolean)
    .join('\n');

/** Tool arguments must be an object in Inspect; anything else is wrapped so that nothing is lost. */
function argumentsOf(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
}

/** Maps one transcript to Inspect messages; each tool result becomes its own `tool` message. */
export function toInspectMessages(transcript: readonly TranscriptMessage[], model: string, idPrefix: string): InspectMessage[] {
  const out: InspectMessage[] = [];
  transcript.forEach((message, m) => {
    const id = `${idPrefix}-${m}`;
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: textOf(message), id, source: 'input', metadata: null });
        break;
      case 'user':
        out.push({ role: 'user', content: textOf(message), id, source: 'input', metadata: null, tool_call_id: null });
        break;
      case 'assistant': {
        const content: InspectContent[] = [];
        const calls: InspectToolCall[] = [];
        for (const part of message.parts) {
          if (part.type === 'reasoning') content.push({ type: 'reasoning', reasoning: part.text, redacted: false, summary: null, signature: null });
          else if (part.type === 'text') content.push({ type: 'text', text: part.text, refusal: null, citations: null });
          else if (part.type === 'tool-call') calls.push({ id: part.toolCallId, function: part.toolName, arguments: argumentsOf(part.input), type: 'function' });
        }
        out.push({ role: 'assistant', content, id, source: 'generate', metadata: { step: message.step ?? null }, tool_calls: calls.length > 0 ? calls : null, model });
        break;
      }
      case 'tool':
        message.parts.forEach((part, p) => {
          if (part.type !== 'tool-result') return;
          out.push({
            role: 'tool',
            content: part.output,
            id: `${id}-${p}`,
            source: null,
            metadata: null,
            tool_call_id: part.toolCallId,
            function: part.toolName,
            error: part.isError ? { type: 'unknown', message: part.output } : null,
          });
        });
        break;
    }
  });
  return out;
}
