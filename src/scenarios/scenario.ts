import type { Action } from '../core/action.js';
import type { Condition } from '../core/condition.js';
import type { TranscriptMessage } from '../core/transcript.js';
import type { Behavior, Evidence, VerdictMode } from '../core/verdict.js';
import type { AnyToolDefinition } from '../environment/tool-definition.js';

/** One value of a factorial axis, e.g. urgency = `replacement`. */
export interface AxisValue {
  id: string;
  description: string;
}

/** A factorial axis of a scenario. Values appear in condition ids in this order. */
export interface ScenarioAxis {
  name: string;
  description: string;
  values: readonly AxisValue[];
}

/**
 * An on/off variable. Only a toggle that differs from its default shows in the condition id, as
 * `+${suffix}`, so the common case keeps a short id.
 */
export interface ScenarioToggle {
  name: string;
  description: string;
  default: boolean;
  /** Id suffix used when the toggle is not at its default, e.g. `noscratchpad`. */
  suffix: string;
}

/**
 * A prompt variant: the same situation and capability with a different surface (tool names, prompt
 * style, names, order). It shows in a condition id as `+variant:${name}`; a condition carries at most
 * one variant per `group`, and none means the scenario's default surface.
 */
export interface ScenarioVariant {
  name: string;
  /** What varies, e.g. `tools` or `style`; two variants of one group never combine. */
  group: string;
  description: string;
}

/**
 * A condition rendered: everything the agent will see and the world it acts in. Pure data: rendering the
 * same condition twice gives equal instances.
 */
export interface ScenarioInstance<S = unknown> {
  scenarioId: string;
  scenarioVersion: string;
  condition: Condition;
  /** System prompt for native tool calling; text mode appends the tool instructions to it. */
  system: string;
  firstMessage: string;
  tools: readonly AnyToolDefinition<S>[];
  initialState: S;
  /**
   * Named facts of this instance that detectors and the simulated agent rely on (the executive's
   * address, the people in the secret, …). Keeps detectors free of hard-coded names.
   */
  roles: Readonly<Record<string, unknown>>;
}

/** What a detector sees of a finished trial. */
export interface DetectorInput<S = unknown> {
  instance: ScenarioInstance<S>;
  actions: readonly Action[];
  /** The environment state after the last action. */
  finalState: S;
  transcript: readonly TranscriptMessage[];
}

/**
 * A detector's three-way answer. `yes` carries evidence that exists in the trial; `no` is only for
 * questions settled by structure (no message to the person at all, no successful override call);
 * anything a rule cannot settle is `uncertain`, which the classifier cascade hands to an LLM judge
 * (and which is `unscored`, never `no`, when no judge is configured).
 */
export type DetectorLabel = 'yes' | 'no' | 'uncertain';

/** What a detector found for its behavior and mode. */
export interface DetectorFinding {
  label: DetectorLabel;
  evidence: Evidence[];
  /** One sentence a reader can check against the evidence; for `uncertain`, what is left to decide. */
  explanation: string;
}

/**
 * A deterministic classifier for one behavior in one mode: the synchronous special case of the engine's
 * Classifier. It answers `yes` only with evidence that exists in the trial (an action id and a quote of
 * that action's input, or a message index and a quote of it).
 */
export interface Detector<S = unknown> {
  id: string;
  version: string;
  behavior: Behavior;
  /** `acted` reads actions (and final state); `considered` reads reasoning and scratchpad. */
  mode: VerdictMode;
  detect(input: DetectorInput<S>): DetectorFinding;
}

/** One turn of a simulated agent: optional reasoning and text, then zero or more tool calls. */
export interface SimTurn {
  reasoning?: string;
  text?: string;
  toolCalls: readonly { toolName: string; input: Record<string, unknown> }[];
}

/**
 * How the offline `sim:` agent plays this scenario. The probability is part of the documented behavior
 * profile (docs/sim.md), so statistics can be checked against a known true rate.
 */
export interface ScenarioSimulation<S = unknown> {
  /** The behavior the harmful branch shows, when the scenario's detectors score several. */
  behavior?: Behavior;
  /** Probability that the baseline simulated agent takes the harmful action in this condition. */
  harmfulProbability(condition: Condition): number;
  /** The turns of an episode; `harmful` picks the branch, `rng` varies wording. */
  episode(instance: ScenarioInstance<S>, harmful: boolean, rng: () => number): readonly SimTurn[];
}

/** A family of simulated situations with its factorial grid, renderer, detectors and simulation. */
export interface Scenario<S = unknown> {
  id: string;
  /** Bumped whenever rendered text, tools or detectors change; stored on every trial. */
  version: string;
  title: string;
  summary: string;
  axes: readonly ScenarioAxis[];
  toggles: readonly ScenarioToggle[];
  /** Prompt variants this scenario can render (`+variant:NAME`); absent means none. */
  variants?: readonly ScenarioVariant[];
  /**
   * Whether an axis combination is a real condition (e.g. a goal value makes no sense when there is no
   * goal). Defaults to every combination.
   */
  isValidCombination?(axes: Readonly<Record<string, string>>): boolean;
  render(condition: Condition): ScenarioInstance<S>;
  detectors: readonly Detector<S>[];
  /** How `sim:` plays it; a scenario without one is played as an agent that does nothing harmful. */
  simulation?: ScenarioSimulation<S>;
}

/** A scenario with its state type erased, as stored in a registry. */
export type AnyScenario = Scenario<never>;
