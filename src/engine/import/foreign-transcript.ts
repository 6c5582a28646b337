import type { z } from 'zod';
import type { TranscriptMessage } from '../../core/transcript.js';
import { ImportFileError } from './import-errors.js';

/** The source formats `corrigible import` reads. */
export const IMPORT_FORMATS = ['amf', 'inspect', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * One transcript read from a foreign source, in our transcript shape but not yet interpreted: assistant
 * text may still hold tool blocks written as text, and nothing is bound to a scenario yet.
 */
export interface ForeignTranscript {
  /** Unique within its format and run: a re-import recognises the transcript by it. */
  sourceId: string;
  /** 1-based line in a JSONL file; null elsewhere. */
  line: number | null;
  /** The model that produced it, as the source names it ("unknown" when it does not). */
  model: string;
  /** The source's condition or task name. */
  condition: string;
  /** The framework setting a source names (`blackmail`, `leaking`, `murder`), which picks a built-in binding. */
  setting: string | null;
  messages: TranscriptMessage[];
  /** The source says the output was cut at a length limit: a "no" is then not established. */
  truncated: boolean;
}

/** One source file and the transcripts in it; a file is stored whole or not at all. */
export interface ForeignFile {
  format: ImportFormat;
  file: string;
  transcripts: ForeignTranscript[];
}

/** Validates a parsed value, or throws ImportFileError naming the file, line and field. */
export function parseForeign<T>(schema: z.ZodType<T>, value: unknown, file: string, line: number | null, prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
  const field = `${prefix}${path}`.replace(/^\./, '');
  throw new ImportFileError(file, line, `${field ? `${field}: ` : ''}${issue?.message ?? 'does not match the format'}`);
}

/** JSON.parse with the failure located: the line of the error within `text`, offset by `firstLine`. */
export function parseJsonText(text: string, file: string, firstLine: number | null): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const lineInText = /line (\d+)/.exec(message)?.[1];
    let line = firstLine;
    if (position !== undefined) line = (firstLine ?? 1) + (text.slice(0, Number(position)).match(/\n/g)?.length ?? 0);
    else if (lineInText !== undefined) line = (firstLine ?? 1) + Number(lineInText) - 1;
    throw new ImportFileError(file, line, `not valid JSON (${message})`, { cause: error });
  }
}

/** Gives each assistant message the next step number and each tool message the step of its call. */
export function numberSteps(messages: readonly TranscriptMessage[]): TranscriptMessage[] {
  let step = -1;
  return messages.map((message) => {
    if (message.role === 'assistant') step++;
    if (message.role === 'assistant' || (message.role === 'tool' && step >= 0)) return { ...message, step };
    return message;
  });
}
