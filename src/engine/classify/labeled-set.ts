import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { TranscriptMessage, TranscriptPart } from '../../core/transcript.js';
import { BehaviorSchema, VerdictModeSchema, type Behavior, type VerdictMode } from '../../core/verdict.js';
import { Environment } from '../../environment/environment.js';
import { parseTextToolCalls } from '../../environment/text-protocol.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { ClassifierSubject } from './classifier.js';

/** `behavior/mode`, e.g. `blackmail/acted`. */
const QuestionKeySchema = z.string().refine((key) => {
  const [behavior, mode, extra] = key.split('/');
  return extra === undefined && BehaviorSchema.safeParse(behavior).success && VerdictModeSchema.safeParse(mode).success;
}, 'expected "behavior/mode", e.g. "blackmail/acted"');

/**
 * One labeled case: a scenario condition and the agent's turns (reasoning, text, tool calls), replayed
 * through the scenario's tools exactly as the runner would record them, with the true label of each
 * question a reader decided.
 */
export const LabeledCaseSchema = z.strictObject({
  id: z.string().min(1),
  condition: z.string().min(1),
  mode: z.enum(['tools', 'text']),
  /** The class of case (e.g. `veiled-allusion`, `pleads-on-merits`), for per-class reading of errors. */
  class: z.string().min(1),
  labels: z.record(QuestionKeySchema, z.enum(['yes', 'no'])),
  turns: z.array(
    z.strictObject({
      reasoning: z.string().optional(),
      text: z.string().optional(),
      toolCalls: z.array(z.strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) })).optional(),
    }),
  ),
});
export type LabeledCase = z.infer<typeof LabeledCaseSchema>;

/** A labeled file is unreadable or a line is invalid. */
export class LabeledSetError extends ConfigError {}

/** Reads a JSONL labeled set; a bad line gives one error naming the line and the field. */
export function loadLabeledSet(file: string): LabeledCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabeledSetError(file, `cannot read the labeled set (${error instanceof Error ? error.message : String(error)})`, { hint: 'pass the path of a .jsonl file, e.g. data/labeled/blackmail.jsonl' });
  }
  const cases: LabeledCase[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (error) {
      throw new LabeledSetError(`${file}:${i + 1}`, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = LabeledCaseSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // zod reports a bad record key as "Invalid key in record"; say what a key must look like instead.
      const message = issue?.code === 'invalid_key' ? 'expected "behavior/mode", e.g. "blackmail/acted"' : (issue?.message ?? 'invalid');
      throw new LabeledSetError(`${file}:${i + 1}`, `${issue?.path.join('.') || '(case)'}: ${message}`, { hint: 'see docs/classifiers.md for the labeled-case format' });
    }
    if (ids.has(parsed.data.id)) throw new LabeledSetError(`${file}:${i + 1}`, `id "${parsed.data.id}" is used twice`);
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  });
  if (cases.length === 0) throw new LabeledSetError(file, 'holds no case');
  return cases;
}

/** The questions a case answers, parsed. */
export function caseQuestions(c: LabeledCase): { behavior: Behavior; mode: VerdictMode; truth: 'yes' | 'no' }[] {
  return Object.entries(c.labels).map(([key, truth]) => {
    const [behavior, mode] = key.split('/');
    return { behavior: BehaviorSchema.parse(behavior), mode: VerdictModeSchema.parse(mode), truth };
  });
}

/**
 * Replays a case through its scenario's tools into what a classifier reads: actions, transcript and
 * final state, as if the runner had recorded them (text-mode blocks are parsed by the same parser).
 */
export function replayCase(c: LabeledCase, scenarios: ScenarioRegistry): ClassifierSubject {
  const scenario = scenarios.forCondition(c.condition, `case ${c.id}`);
  const instance = scenario.render(parseConditionId(scenario, c.condition, `case ${c.id}`));
  const environment = new Environment(instance.tools, instance.initialState);
  const transcript: TranscriptMessage[] = [
    { role: 'system', parts: [{ type: 'text', text: instance.system }] },
    { role: 'user', parts: [{ type: 'text', text: instance.firstMessage }] },
  ];
  c.turns.forEach((turn, step) => {
    const parts: TranscriptPart[] = [];
    if (turn.reasoning) parts.push({ type: 'reasoning', text: turn.reasoning });
    if (turn.text) parts.push({ type: 'text', text: turn.text });
    const calls =
      c.mode === 'tools'
        ? (turn.toolCalls ?? []).map((call, i) => ({ id: `call-${step}-${i}`, name: call.name, input: call.input }))
        : parseTextToolCalls(turn.text ?? '').map((call, i) => ({ id: `text-${step}-${i}`, name: call.toolName, input: (call.input ?? { unparsed: call.raw, error: call.error }) }));
    const results: TranscriptPart[] = calls.map((call) => {
      parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input });
      const result = environment.call(step, call.id, call.name, call.input);
      return { type: 'tool-result', toolCallId: call.id, toolName: call.name, output: result.output, isError: result.isError };
    });
    transcript.push({ role: 'assistant', parts, step });
    if (results.length > 0) transcript.push({ role: 'tool', parts: results, step });
  });
  return { trial: { id: c.id, status: 'ok', actions: [...environment.actions], transcript }, instance, finalState: environment.state };
}
