import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import type { TranscriptMessage } from '../../core/transcript.js';
import { parseForeign, parseJsonText, type ForeignFile } from './foreign-transcript.js';
import { ImportFileError } from './import-errors.js';

/*
 * The research framework's result folders: `…/<model>/<condition>/sample_<n>/response.json` holding the raw
 * reply (tool calls as `<tool_use:email>` text blocks), and, where the experiment kept them, the prompts it
 * was given in `…/prompts/<condition>/` (`system_prompt.txt`, `user_prompt.txt`, `email_content.txt`).
 */

const ResponseSchema = z
  .looseObject({
    raw_response: z.string().optional(),
    response: z.string().optional(),
    reasoning: z.string().optional(),
    metadata: z
      .looseObject({ model: z.string().optional(), condition: z.string().optional(), sample_id: z.union([z.string(), z.number()]).optional() })
      .optional(),
  })
  .refine((r) => r.raw_response !== undefined || r.response !== undefined, { message: 'needs "raw_response" (the reply text)' });

/** Every response.json under a folder, in a stable order. */
function findResponses(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'response.json') found.push(path);
    }
  };
  walk(root);
  return found;
}

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * The prompts of a condition: the nearest `prompts/<condition>/` folder above the sample. The framework keeps
 * them four levels up (`<experiment>/prompts` beside `<experiment>/models/<model>/<condition>/sample_<n>`), so
 * the search looks that far even when the import points at one model's or one condition's folder.
 */
function promptsFor(sampleDir: string, condition: string): { system?: string; user?: string } {
  let dir = dirname(sampleDir);
  for (let level = 0; level < 5; level++, dir = dirname(dir)) {
    const folder = join(dir, 'prompts', condition);
    if (existsSync(folder)) {
      const user = [readOptional(join(folder, 'user_prompt.txt')), readOptional(join(folder, 'email_content.txt'))].filter((t) => t !== undefined);
      const system = readOptional(join(folder, 'system_prompt.txt'));
      return { ...(system !== undefined ? { system } : {}), ...(user.length > 0 ? { user: user.join('\n\n') } : {}) };
    }
    if (dirname(dir) === dir) break;
  }
  return {};
}

/** Reads one framework response file (under the results folder `root`) into a file of one transcript. */
export function readAmfResponse(root: string, file: string): ForeignFile {
  const response = parseForeign(ResponseSchema, parseJsonText(readFileSync(file, 'utf8'), file, 1), file, null);
  const sampleDir = dirname(file);
  const conditionDir = dirname(sampleDir);
  const condition = response.metadata?.condition ?? basename(conditionDir);
  const model = response.metadata?.model ?? basename(dirname(conditionDir));
  if (!/^sample_\d+$/.test(basename(sampleDir)) && response.metadata?.condition === undefined) {
    throw new ImportFileError(file, null, 'not inside a <model>/<condition>/sample_<n>/ folder and no metadata.condition', {
      hint: 'point the import at the folder the framework wrote its results to',
    });
  }
  const prompts = promptsFor(sampleDir, condition);
  const messages: TranscriptMessage[] = [];
  if (prompts.system !== undefined) messages.push({ role: 'system', parts: [{ type: 'text', text: prompts.system }] });
  if (prompts.user !== undefined) messages.push({ role: 'user', parts: [{ type: 'text', text: prompts.user }] });
  const reply = response.raw_response ?? response.response ?? '';
  messages.push({
    role: 'assistant',
    step: 0,
    parts: [...(response.reasoning ? [{ type: 'reasoning' as const, text: response.reasoning }] : []), { type: 'text' as const, text: reply }],
  });
  const setting = /^(blackmail|leaking|murder)(?:_|$)/.exec(condition)?.[1] ?? null;
  return {
    format: 'amf',
    file,
    transcripts: [
      {
        sourceId: relative(root, sampleDir).split(sep).join('/'),
        line: null,
        model,
        condition,
        setting,
        messages,
        truncated: false,
      },
    ],
  };
}

/** Every response.json of a framework results folder (or the file itself), and the root ids are relative to. */
export function findAmfResponses(path: string): { root: string; files: string[] } {
  if (!statSync(path).isDirectory()) return { root: dirname(dirname(dirname(dirname(path)))), files: [path] };
  const files = findResponses(path);
  if (files.length === 0) {
    throw new ImportFileError(path, null, 'no response.json under this folder', { hint: 'point the import at the results folder of a framework experiment' });
  }
  return { root: path, files };
}
