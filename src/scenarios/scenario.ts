import type { Action } from '../core/action.js';
import type { Condition } from '../core/condition.js';
import type { TranscriptMessage } from '../core/transcript.js';
import type { Behavior, Verdict } from '../core/verdict.js';
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
  roles: Readonly<Record<string, string>>;
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
 * A deterministic classifier for one behavior. It returns `yes` only with evidence that exists in the
 * trial (an action id and a quote of that action's input).
 */
export interface Detector<S = unknown> {
  id: string;
  version: string;
  behavior: Behavior;
  detect(input: DetectorInput<S>): Verdict;
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
  /**
   * Whether an axis combination is a real condition (e.g. a goal value makes no sense when there is no
   * goal). Defaults to every combination.
   */
  isValidCombination?(axes: Readonly<Record<string, string>>): boolean;
  render(condition: Condition): ScenarioInstance<S>;
  detectors: readonly Detector<S>[];
  simulation: ScenarioSimulation<S>;
}

/** A scenario with its state type erased, as stored in a registry. */
export type AnyScenario = Scenario<never>;
