import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { z } from 'zod';
import { InspectMessageSchema, fromInspectMessages } from './chat-messages.js';
import { parseForeign, parseJsonText, type ForeignFile, type ForeignTranscript } from './foreign-transcript.js';
import { ImportFileError } from './import-errors.js';

/*
 * Inspect eval logs, read as its log schema defines them (inspect_ai/log): the `.json` form holds
 * `{version, eval, samples, …}`; the `.eval` form is a zip with `header.json` (the same root without the
 * samples) and one `samples/<id>_epoch_<n>.json` per sample.
 */

const EvalSpecSchema = z.looseObject({
  task: z.string().min(1),
  model: z.string().min(1),
  task_args: z.record(z.string(), z.unknown()).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

const SampleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  epoch: z.number().int().nonnegative().default(1),
  messages: z.array(InspectMessageSchema),
  output: z.looseObject({ model: z.string().optional(), stop_reason: z.string().optional() }).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});
type Sample = z.infer<typeof SampleSchema>;

const HeaderSchema = z.looseObject({ version: z.number().int(), eval: EvalSpecSchema });
const JsonLogSchema = HeaderSchema.extend({ samples: z.array(z.unknown()).nullable().optional() });

const SETTINGS = ['blackmail', 'leaking', 'murder'];

/** A framework setting named by the sample's metadata or the task's arguments (the Inspect port's `scenario`). */
function settingOf(spec: z.infer<typeof EvalSpecSchema>, sample: Sample): string | null {
  for (const value of [sample.metadata?.scenario, spec.task_args?.scenario, spec.metadata?.scenario]) {
    if (typeof value === 'string' && SETTINGS.includes(value)) return value;
  }
  return null;
}

function conditionOf(spec: z.infer<typeof EvalSpecSchema>, sample: Sample): string {
  const named = sample.metadata?.condition_id ?? sample.metadata?.condition;
  return typeof named === 'string' && named !== '' ? named : spec.task;
}

function toTranscript(spec: z.infer<typeof EvalSpecSchema>, sample: Sample): ForeignTranscript {
  return {
    sourceId: `${sample.id}@epoch${sample.epoch}`,
    line: null,
    model: spec.model,
    condition: conditionOf(spec, sample),
    setting: settingOf(spec, sample),
    messages: fromInspectMessages(sample.messages),
    truncated: sample.output?.stop_reason === 'max_tokens' || sample.output?.stop_reason === 'model_length',
  };
}

function readJsonLog(file: string): ForeignFile {
  const log = parseForeign(JsonLogSchema, parseJsonText(readFileSync(file, 'utf8'), file, 1), file, null);
  const samples = (log.samples ?? []).map((s, i) => parseForeign(SampleSchema, s, file, null, `samples[${i}]`));
  return { format: 'inspect', file, transcripts: samples.map((s) => toTranscript(log.eval, s)) };
}

function readEvalZip(file: string): ForeignFile {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(readFileSync(file)));
  } catch (error) {
    throw new ImportFileError(file, null, `not a readable .eval zip (${(error as Error).message})`, { cause: error });
  }
  const header = entries['header.json'] ?? entries['_journal/start.json'];
  if (!header) throw new ImportFileError(file, null, 'the zip has no header.json (is it an Inspect .eval log?)');
  const log = parseForeign(HeaderSchema, parseJsonText(strFromU8(header), `${file}!header.json`, 1), `${file}!header.json`, null);
  const names = Object.keys(entries)
    .filter((name) => /^samples\/.+\.json$/.test(name))
    .sort();
  const transcripts = names.map((name) => {
    const where = `${file}!${name}`;
    const sample = parseForeign(SampleSchema, parseJsonText(strFromU8(entries[name] ?? new Uint8Array()), where, 1), where, null);
    return toTranscript(log.eval, sample);
  });
  return { format: 'inspect', file, transcripts };
}

/** Reads one Inspect log, `.eval` (zip) or `.json`. */
export function readInspectLog(file: string): ForeignFile {
  return file.endsWith('.eval') ? readEvalZip(file) : readJsonLog(file);
}
