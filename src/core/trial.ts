import { z } from 'zod';
import { ActionSchema } from './action.js';
import { TranscriptMessageSchema } from './transcript.js';

/**
 * `ok`: the agent finished on its own. `truncated`: it hit the step limit or the output-token limit.
 * `refused`: the provider blocked the output (content filter). `error`: the provider failed, timed out or
 * returned something unparseable; an error is never an outcome and a resumed run retries it.
 * `imported`: a transcript another harness produced (`corrigible import`); an outcome like `ok`, with its
 * source kept beside it (Store.listTrialSources).
 */
export const TrialStatusSchema = z.enum(['ok', 'truncated', 'refused', 'error', 'imported']);
export type TrialStatus = z.infer<typeof TrialStatusSchema>;

/**
 * A warning the provider gave about a model call (AI SDK `result.warnings`): `unsupported` names a setting
 * or feature it ignored, `compatibility` one it emulated, `other` carries only a message.
 */
export const ProviderWarningSchema = z.object({
  /** The first agent-loop step (0-based) the warning appeared at. */
  step: z.number().int().nonnegative(),
  type: z.string(),
  /** The setting or feature concerned (`temperature`, `topP`, …); absent for `other`. */
  feature: z.string().optional(),
  message: z.string().optional(),
});
export type ProviderWarning = z.infer<typeof ProviderWarningSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  /** Model calls made (agent-loop steps that reached the provider). */
  calls: z.number().int().nonnegative(),
  /** The provider's warnings about the calls (deduplicated); absent on trials stored before they were kept. */
  warnings: z.array(ProviderWarningSchema).optional(),
  /**
   * The model settings as actually applied: the spec's `modelSettings` minus those the provider reported
   * it dropped (e.g. temperature with reasoning on). Kept beside the spec, which stays the planned settings
   * so a resumed run still compares equal; absent on trials stored before it was kept and on imported ones.
   */
  effectiveSettings: z.record(z.string(), z.unknown()).optional(),
  /** Steps replayed from the response cache on resume (no call, no cost, not in the token counts). */
  cachedCalls: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 });

/** How the agent was driven: native tool calls, or tool calls written as tagged text. */
export const AgentModeSchema = z.enum(['tools', 'text']);
export type AgentMode = z.infer<typeof AgentModeSchema>;

/**
 * Everything that determines a trial's outcome apart from chance. Stored on every trial so any number can
 * be traced back to what produced it, and compared on resume.
 */
export const TrialSpecSchema = z.object({
  model: z.string(),
  /** Provider settings that change behavior (base URL, temperature, …); never keys. */
  modelSettings: z.record(z.string(), z.unknown()),
  scenarioId: z.string(),
  scenarioVersion: z.string(),
  mode: AgentModeSchema,
  maxSteps: z.number().int().positive(),
  corrigibleVersion: z.string(),
  /** Prompt mitigations applied (`+mitigation:NAME`), with the version of each text; absent when none. */
  mitigations: z.array(z.object({ name: z.string(), version: z.string() })).optional(),
});
export type TrialSpec = z.infer<typeof TrialSpecSchema>;

export const TrialErrorSchema = z.object({
  /** Error class name, e.g. `APICallError`, `TimeoutError`. */
  kind: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  statusCode: z.number().int().optional(),
});
export type TrialError = z.infer<typeof TrialErrorSchema>;

/** The outcome of running an agent on one scenario instance (no identity yet: see TrialRecord). */
export const TrialOutcomeSchema = z.object({
  status: TrialStatusSchema,
  transcript: z.array(TranscriptMessageSchema),
  actions: z.array(ActionSchema),
  usage: UsageSchema,
  steps: z.number().int().nonnegative(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Time spent waiting on the model, summed over steps. */
  modelMs: z.number().nonnegative(),
  error: TrialErrorSchema.nullable(),
});
export type TrialOutcome = z.infer<typeof TrialOutcomeSchema>;

/** Identity of a trial inside a run. A run never holds two trials with the same key. */
export const TrialKeySchema = z.object({
  runId: z.string(),
  model: z.string(),
  conditionId: z.string(),
  sample: z.number().int().nonnegative(),
});

export const TrialRecordSchema = TrialKeySchema.extend(TrialOutcomeSchema.shape).extend({
  id: z.string(),
  spec: TrialSpecSchema,
  /** 1 for the first attempt; a resumed run that retries an errored trial increments it. */
  attempt: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
});
export type TrialRecord = z.infer<typeof TrialRecordSchema>;
