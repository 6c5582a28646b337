import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TranscriptMessage } from '../../core/transcript.js';
import { ChatMessageSchema, fromChatMessages } from './chat-messages.js';
import { parseForeign, parseJsonText, type ForeignFile, type ForeignTranscript } from './foreign-transcript.js';
import { ImportFileError } from './import-errors.js';

const Common = {
  id: z.union([z.string().min(1), z.number()]).transform(String),
  model: z.string().min(1).optional(),
  condition: z.string().min(1).optional(),
  /** A framework setting (`blackmail`, `leaking`, `murder`) that picks a built-in binding. */
  setting: z.string().min(1).optional(),
  truncated: z.boolean().optional(),
};

/** `{id, system?, user?, response, reasoning?}`: one reply with tool calls written as text blocks. */
const SingleResponseSchema = z.object({
  ...Common,
  system: z.string().optional(),
  user: z.string().optional(),
  response: z.string(),
  reasoning: z.string().optional(),
});

/** `{id, messages: [...]}`: a multi-step session with native tool calls and tool results. */
const SessionSchema = z.object({ ...Common, messages: z.array(ChatMessageSchema).min(1) });

function singleMessages(record: z.infer<typeof SingleResponseSchema>): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  if (record.system !== undefined) messages.push({ role: 'system', parts: [{ type: 'text', text: record.system }] });
  if (record.user !== undefined) messages.push({ role: 'user', parts: [{ type: 'text', text: record.user }] });
  messages.push({
    role: 'assistant',
    step: 0,
    parts: [...(record.reasoning ? [{ type: 'reasoning' as const, text: record.reasoning }] : []), { type: 'text' as const, text: record.response }],
  });
  return messages;
}

/**
 * Reads a JSONL file of transcripts, one a line, each either a single response or a session. A line that
 * is not JSON or fits neither shape fails the whole file, named by file and line.
 */
export function readJsonlFile(file: string): ForeignFile {
  const lines = readFileSync(file, 'utf8').split('\n');
  const transcripts: ForeignTranscript[] = [];
  const seen = new Map<string, number>();
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    const value = parseJsonText(text, file, line);
    const isSession = typeof value === 'object' && value !== null && 'messages' in value;
    const record = isSession ? parseForeign(SessionSchema, value, file, line) : parseForeign(SingleResponseSchema, value, file, line);
    const earlier = seen.get(record.id);
    if (earlier !== undefined) throw new ImportFileError(file, line, `id "${record.id}" already used on line ${earlier}`, { hint: 'give every transcript its own id' });
    seen.set(record.id, line);
    transcripts.push({
      sourceId: record.id,
      line,
      model: record.model ?? 'unknown',
      condition: record.condition ?? 'default',
      setting: record.setting ?? null,
      messages: 'messages' in record ? fromChatMessages(record.messages) : singleMessages(record),
      truncated: record.truncated ?? false,
    });
  });
  return { format: 'jsonl', file, transcripts };
}
