import type { Action } from '../../core/action.js';
import { hashOf } from '../../core/hash.js';
import type { TranscriptMessage } from '../../core/transcript.js';
import { emptyUsage, type TrialRecord } from '../../core/trial.js';
import type { Verdict } from '../../core/verdict.js';
import type { Email, EmailState, SentEmail } from '../../environment/email-environment.js';
import type { AnyToolDefinition } from '../../environment/tool-definition.js';
import { fullGrid } from '../../scenarios/condition-grid.js';
import type { AnyScenario, DetectorInput, ScenarioInstance } from '../../scenarios/scenario.js';
import type { Classifier, ClassifierResult, ClassifierSubject } from '../classify/classifier.js';
import { classifiersForScenario } from '../classify/classifier-registry.js';
import { classifyFinishedTrial } from '../classify/classify-finished-trial.js';
import type { JudgeRuntime } from '../classify/judge.js';
import { CORRIGIBLE_VERSION } from '../version.js';
import { amfBindingFor } from './amf-bindings.js';
import type { ForeignTranscript, ImportFormat } from './foreign-transcript.js';
import { ImportFileError } from './import-errors.js';
import { interpretTranscript, MALFORMED_BLOCK_OUTPUT, type MalformedBlockReport } from './interpret-transcript.js';
import { parsePromptEmails } from './prompt-emails.js';
import { checkBinding, type RoleBinding } from './role-binding.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';

/** A transcript turned into a trial of our own, with its verdicts, ready to store (sample still open). */
export interface BuiltTrial {
  trial: Omit<TrialRecord, 'sample'>;
  verdicts: Verdict[];
  malformed: MalformedBlockReport[];
  bindingId: string;
  roles: Record<string, unknown>;
  state: Record<string, unknown>;
}

/** What an imported transcript leaves unknown, so a "no" on it is not established. */
export interface ImportedTrialFlags {
  /** The transcript was cut at a length limit (classified like a `truncated` trial). */
  truncated: boolean;
  /** Tool blocks that could not be read (stored as failed actions). */
  unreadableBlocks: number;
}

/** The flags of a stored imported trial: truncation is kept in its spec, unreadable blocks as failed actions. */
export function importedTrialFlags(trial: Pick<TrialRecord, 'spec' | 'actions'>): ImportedTrialFlags {
  return {
    truncated: trial.spec.modelSettings.truncated === true,
    unreadableBlocks: trial.actions.filter((a) => !a.ok && a.output.startsWith(MALFORMED_BLOCK_OUTPUT)).length,
  };
}

/** Options of classifyImported. */
export interface ClassifyImportedOptions {
  /** The judge for what detectors leave uncertain; without it, uncertain stays unscored. */
  judge?: JudgeRuntime;
  /** Run these classifiers instead of every cascade of the scenario (re-classification runs only what is missing). */
  classifiers?: readonly Classifier[];
}

/**
 * The one place imported trials are classified, at import and whenever a stored imported trial is
 * classified anew (`classifyRun`): the same detector → judge cascade as native trials
 * (classifiersForScenario + classifyFinishedTrial). An imported trial is an outcome like `ok`, with two
 * rules of its own: a transcript cut at a length limit is classified like a `truncated` trial, and one with
 * a tool block that could not be read likewise (what that block did is unknown: it may be the very act).
 * In both, a "no" (detector's or judge's) is not established and becomes `unscored`; a "yes" stands.
 */
export async function classifyImported(
  scenario: AnyScenario,
  trialId: string,
  input: DetectorInput,
  flags: ImportedTrialFlags,
  options: ClassifyImportedOptions = {},
): Promise<ClassifierResult> {
  const classifiers = options.classifiers ?? classifiersForScenario(scenario, options.judge ? { judge: options.judge } : {});
  const subject: ClassifierSubject = {
    trial: { id: trialId, status: flags.truncated ? 'truncated' : 'ok', actions: [...input.actions], transcript: [...input.transcript] },
    instance: input.instance,
    finalState: input.finalState,
  };
  const result = await classifyFinishedTrial(classifiers, subject);
  if (flags.unreadableBlocks === 0) return result;
  const verdicts = result.verdicts.map((v): Verdict =>
    v.label === 'no' ? { ...v, label: 'unscored', explanation: `${flags.unreadableBlocks} tool block(s) could not be read, so "no" is not established (${v.explanation})` } : v,
  );
  return { ...result, verdicts };
}

const defaultInstances = new WeakMap<AnyScenario, ScenarioInstance>();

/** The scenario's first condition, rendered: its tools and state shape are what imported trials use. */
function defaultInstance(scenario: AnyScenario): ScenarioInstance {
  let instance = defaultInstances.get(scenario);
  if (!instance) {
    const first = fullGrid(scenario)[0];
    if (!first) throw new Error(`scenario ${scenario.id} has no condition`);
    instance = scenario.render(first);
    defaultInstances.set(scenario, instance);
  }
  return instance;
}

function isEmailState(state: unknown): state is EmailState {
  return typeof state === 'object' && state !== null && Array.isArray((state as EmailState).inbox) && Array.isArray((state as EmailState).sent);
}

function promptText(messages: readonly TranscriptMessage[]): string {
  return messages
    .filter((m) => m.role === 'system' || m.role === 'user' || m.role === 'tool')
    .flatMap((m) => m.parts.map((p) => (p.type === 'text' ? p.text : p.type === 'tool-result' ? p.output : '')))
    .join('\n');
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');
const list = (value: unknown): string[] =>
  str(value)
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Adds a note to an action's output once (a stored trial may be replayed again). */
function annotate(actions: Action[], index: number, note: string): void {
  const action = actions[index];
  if (action && !action.output.includes(note)) actions[index] = { ...action, output: `${action.output} ${note}` };
}

/** A sent mail for the mailbox, read leniently: the foreign harness accepted the call, so it happened. */
function sentMail(state: EmailState, action: Action, input: Record<string, unknown>): SentEmail | null {
  const id = `s${state.sent.length + 1}`;
  if (action.tool === 'send_email') {
    return { id, to: list(input.to), cc: list(input.cc), subject: str(input.subject), body: str(input.body), forwardOf: null };
  }
  if (action.tool !== 'forward_email') return null;
  const emailId = str(input.email_id);
  const original = state.inbox.find((e) => e.id === emailId);
  const note = str(input.note);
  return {
    id,
    to: list(input.to),
    cc: [],
    subject: `Fwd: ${original?.subject ?? `email ${emailId}`}`,
    body: `${note}${note ? '\n\n' : ''}---------- Forwarded message ----------\n${original?.body ?? '(not contained in the import)'}`,
    forwardOf: emailId,
  };
}

/**
 * The world after the imported actions, replayed in ours. Mail is replayed leniently (a forward of an email
 * id the import does not contain is kept as a forward of that id, its content unknown, and its action says
 * so: never dropped); other calls run through our own tool. A call our tool refuses changes nothing here
 * and its action says why; it stays what the foreign harness recorded (a detector that reads actions still
 * sees it).
 */
function replay(tools: readonly AnyToolDefinition<unknown>[], initial: unknown, actions: Action[]): unknown {
  let state = initial;
  const byName = new Map(tools.map((t) => [t.name, t]));
  actions.forEach((action, index) => {
    if (!action.ok) return;
    const input = typeof action.input === 'object' && action.input !== null ? (action.input as Record<string, unknown>) : {};
    if (isEmailState(state)) {
      const mail = sentMail(state, action, input);
      if (mail) {
        if (mail.forwardOf !== null && !state.inbox.some((e) => e.id === mail.forwardOf)) {
          annotate(actions, index, `[forward of email id "${mail.forwardOf}", which this import does not contain: its content is unknown]`);
        }
        state = { ...state, sent: [...state.sent, mail] };
        return;
      }
    }
    const tool = byName.get(action.tool);
    if (!tool) return;
    const parsed = tool.input.safeParse(action.input);
    try {
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '));
      state = tool.run(state, parsed.data).state;
    } catch (error) {
      annotate(actions, index, `[not replayed in our world: ${(error as Error).message}]`);
    }
  });
  return state;
}

/** The binding for a transcript: the user's, or the built-in one its framework setting names. */
function bindingFor(transcript: ForeignTranscript, inbox: readonly Email[], userBinding: RoleBinding | undefined, file: string): RoleBinding {
  if (userBinding) return userBinding;
  const builtin = transcript.setting === null ? undefined : amfBindingFor(transcript.setting);
  if (!builtin) {
    throw new ImportFileError(file, transcript.line, `transcript "${transcript.sourceId}" names no known setting (blackmail, leaking, murder), so no built-in binding applies`, {
      hint: 'pass --binding roles.yaml to say which scenario scores it and what its roles are (see docs/import.md)',
    });
  }
  return builtin.bind({ condition: transcript.condition, inbox });
}

/**
 * What detectors see of an imported trial: an instance carrying the binding's roles and the prompt the
 * agent was given, and, for mail scenarios, the mailbox rebuilt from the prompt's emails and the actions.
 * Used at import and again whenever a stored imported trial is classified anew (roles are stored with it).
 */
export function importedDetectorInput(
  scenario: AnyScenario,
  trial: Pick<TrialRecord, 'conditionId' | 'transcript' | 'actions'>,
  binding: Pick<RoleBinding, 'roles' | 'state'>,
): DetectorInput {
  const base = defaultInstance(scenario);
  const textOf = (m: TranscriptMessage | undefined): string => (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
  const actions = trial.actions.map((a) => ({ ...a }));
  let initialState: unknown = base.initialState;
  if (isEmailState(base.initialState)) {
    const owner = str(binding.roles.agent_address) || base.initialState.owner;
    const mail: EmailState = { owner, inbox: parsePromptEmails(promptText(trial.transcript)), sent: [], opened: [] };
    initialState = { ...base.initialState, ...mail };
  }
  if (typeof initialState === 'object' && initialState !== null) initialState = { ...initialState, ...binding.state };
  const finalState = replay(base.tools, initialState, actions);
  const instance: ScenarioInstance = {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    condition: { id: trial.conditionId, scenarioId: scenario.id, axes: {}, toggles: {} },
    system: textOf(trial.transcript.find((m) => m.role === 'system')),
    firstMessage: textOf(trial.transcript.find((m) => m.role === 'user')),
    tools: base.tools,
    initialState,
    // Roles may be lists or objects (the scenario suite types them per scenario); detectors validate them.
    roles: binding.roles,
  };
  return { instance, actions, finalState, transcript: trial.transcript };
}

export interface BuildContext {
  runId: string;
  format: ImportFormat;
  file: string;
  /** The user's binding; without it, each transcript's setting picks a built-in one. */
  binding: RoleBinding | undefined;
  scenarios: ScenarioRegistry;
  now: () => string;
  /** The judge for what detectors leave uncertain (`corrigible import --judge`). */
  judge?: JudgeRuntime;
}

/** Turns one foreign transcript into a stored-ready trial and classifies it. */
export async function buildImportedTrial(transcript: ForeignTranscript, sourceId: string, ctx: BuildContext): Promise<BuiltTrial> {
  const inbox = parsePromptEmails(promptText(transcript.messages));
  const binding = bindingFor(transcript, inbox, ctx.binding, ctx.file);
  let scenario: AnyScenario;
  try {
    scenario = ctx.scenarios.get(binding.scenario);
    checkBinding(binding, scenario);
  } catch (error) {
    const message = (error as Error).message;
    throw new ImportFileError(ctx.file, transcript.line, message.startsWith('binding "') ? message : `binding "${binding.id}": ${message}`, {
      ...((error as { hint?: string }).hint ? { hint: (error as { hint?: string }).hint } : {}),
      cause: error,
    });
  }
  const base = defaultInstance(scenario);
  const effects = new Map(base.tools.map((t) => [t.name, t.effect]));
  const interpretation = interpretTranscript(transcript.messages, binding, (tool) => effects.get(tool));
  const conditionId = `${scenario.id}/import:${transcript.condition}`;
  const input = importedDetectorInput(scenario, { conditionId, transcript: interpretation.transcript, actions: interpretation.actions }, binding);
  const id = `imp-${hashOf([ctx.runId, ctx.format, sourceId])}`;
  const flags: ImportedTrialFlags = { truncated: transcript.truncated, unreadableBlocks: interpretation.malformed.length };
  const { verdicts } = await classifyImported(scenario, id, input, flags, ctx.judge ? { judge: ctx.judge } : {});
  const actions = [...input.actions];
  const steps = interpretation.transcript.filter((m) => m.role === 'assistant').length;
  const at = ctx.now();
  return {
    trial: {
      id,
      runId: ctx.runId,
      model: transcript.model,
      conditionId,
      status: 'imported',
      attempt: 1,
      seed: 0,
      spec: {
        model: transcript.model,
        // Truncation is kept (only when true, so other specs are unchanged): re-classification needs it.
        modelSettings: { importedFrom: ctx.format, binding: binding.id, ...(transcript.truncated ? { truncated: true } : {}) },
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        mode: interpretation.native ? 'tools' : 'text',
        maxSteps: Math.max(1, steps),
        corrigibleVersion: CORRIGIBLE_VERSION,
      },
      transcript: interpretation.transcript,
      actions,
      usage: emptyUsage(),
      steps,
      startedAt: at,
      durationMs: 0,
      modelMs: 0,
      error: null,
    },
    verdicts,
    malformed: interpretation.malformed,
    bindingId: binding.id,
    roles: binding.roles,
    state: binding.state,
  };
}
