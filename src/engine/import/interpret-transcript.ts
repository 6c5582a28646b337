import type { Action } from '../../core/action.js';
import type { TranscriptMessage, TranscriptPart } from '../../core/transcript.js';
import { parseToolBlocksTolerantly, type MalformedToolBlock } from '../../environment/tolerant-text-protocol.js';
import type { RoleBinding, ToolMapping } from './role-binding.js';

/** A tool block that could not be read, with where it was. */
/** How the output of an unreadable tool block's failed action begins: marks it in stored trials too. */
export const MALFORMED_BLOCK_OUTPUT = 'malformed tool block: ';

export interface MalformedBlockReport extends MalformedToolBlock {
  messageIndex: number;
}

/** What a foreign transcript did, in our terms. */
export interface Interpretation {
  /** The transcript with private scratchpad sections moved into reasoning parts. */
  transcript: TranscriptMessage[];
  actions: Action[];
  malformed: MalformedBlockReport[];
  /** Whether the agent made native tool calls (else tool calls, if any, were written as text). */
  native: boolean;
}

const SCRATCHPAD = /<SCRATCHPAD_REASONING>([\s\S]*?)(?:<\/SCRATCHPAD_REASONING>|$)/gi;

/**
 * Moves `<SCRATCHPAD_REASONING>` sections out of a reply's text into reasoning parts: what the agent wrote
 * there is private thought (a `considered` matter), and a tool block drafted inside it is not an act.
 */
function splitScratchpad(parts: readonly TranscriptPart[]): TranscriptPart[] {
  const out: TranscriptPart[] = [];
  for (const part of parts) {
    if (part.type !== 'text' || !/<SCRATCHPAD_REASONING>/i.test(part.text)) {
      out.push(part);
      continue;
    }
    for (const m of part.text.matchAll(SCRATCHPAD)) out.push({ type: 'reasoning', text: (m[1] ?? '').trim() });
    const rest = part.text.replace(SCRATCHPAD, '').trim();
    if (rest !== '') out.push({ type: 'text', text: rest });
  }
  return out;
}

/** Renames their argument names to ours; arguments without a rename keep their name. */
function mapInput(input: unknown, mapping: ToolMapping | undefined): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[mapping?.rename[key] ?? key] = typeof value === 'number' ? String(value) : value;
  for (const [key, value] of Object.entries(mapping?.set ?? {})) if (!(key in out)) out[key] = value;
  return out;
}

/**
 * Reads a foreign transcript's tool calls into actions, in call order: native calls with their recorded
 * results, and text blocks (outside the scratchpad) read by the tolerant parser. Tools are renamed by the
 * binding. A block that cannot be read becomes a failed action holding its raw text, and is reported.
 * `effectOf` gives the effect of our tool of that name (unknown tools count as changes: they acted).
 */
export function interpretTranscript(
  messages: readonly TranscriptMessage[],
  binding: RoleBinding,
  effectOf: (tool: string) => 'observe' | 'change' | undefined,
): Interpretation {
  const transcript = messages.map((m) => (m.role === 'assistant' ? { ...m, parts: splitScratchpad(m.parts) } : m));
  const results = new Map<string, { output: string; isError: boolean }>();
  for (const m of transcript) {
    for (const p of m.parts) if (p.type === 'tool-result') results.set(p.toolCallId, { output: p.output, isError: p.isError });
  }
  const knownFields: Record<string, string[]> = {};
  for (const [theirs, mapping] of Object.entries(binding.tools)) if (mapping.fields) knownFields[theirs] = mapping.fields;

  const actions: Action[] = [];
  const malformed: MalformedBlockReport[] = [];
  let native = false;
  const push = (step: number, toolCallId: string, theirTool: string, input: unknown, ok: boolean, output: string): void => {
    const mapping = binding.tools[theirTool];
    const tool = mapping?.tool ?? theirTool;
    actions.push({
      id: `a${actions.length + 1}`,
      step,
      toolCallId,
      tool,
      input: ok ? mapInput(input, mapping) : input,
      effect: mapping?.effect ?? effectOf(tool) ?? 'change',
      ok,
      output,
    });
  };

  transcript.forEach((message, messageIndex) => {
    if (message.role !== 'assistant') return;
    const step = message.step ?? 0;
    let blockIndex = 0;
    for (const part of message.parts) {
      if (part.type === 'tool-call') {
        native = true;
        const result = results.get(part.toolCallId);
        push(step, part.toolCallId, part.toolName, part.input, !(result?.isError ?? false), result?.output ?? '(no tool result in the imported transcript)');
      } else if (part.type === 'text') {
        const parsed = parseToolBlocksTolerantly(part.text, { knownFields });
        const found = [
          ...parsed.calls.map((call) => ({ start: call.start, call })),
          ...parsed.malformed.map((block) => ({ start: block.start, block })),
        ].sort((a, b) => a.start - b.start);
        for (const item of found) {
          const id = `text-${step}-${++blockIndex}`;
          if ('call' in item) {
            const repairs = item.call.repairs.length > 0 ? ` (read after repairing: ${item.call.repairs.join(', ')})` : '';
            push(step, id, item.call.toolName, item.call.input, true, `(imported text tool call; no result recorded)${repairs}`);
          } else {
            malformed.push({ ...item.block, messageIndex });
            push(step, id, item.block.toolName ?? 'unknown', { raw: item.block.raw }, false, `${MALFORMED_BLOCK_OUTPUT}${item.block.problem}`);
          }
        }
      }
    }
  });
  return { transcript, actions, malformed, native };
}
