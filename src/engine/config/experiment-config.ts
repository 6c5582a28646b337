import { z } from 'zod';
import { AgentModeSchema } from '../../core/trial.js';
import { MAX_TIMER_MS, ModelEntrySchema } from '../../providers/model-entry.js';
import { MitigationSettingsSchema } from '../mitigate/mitigation-config.js';

/** A scenario to run: the whole grid, a selection of it, or explicit condition ids. */
export const ScenarioSelectionSchema = z
  .strictObject({
    id: z.string().min(1),
    /**
     * Axis or toggle name → allowed values. Axis values may use `*` wildcards (`explicit-*`); toggles take
     * true/false (or on/off). Axes left out take every value; toggles left out keep their default.
     * `variant` lists prompt variants to cross with (`none` is the unvaried prompt; default: none only).
     */
    grid: z.record(z.string(), z.array(z.union([z.string().min(1), z.boolean()])).min(1)).optional(),
    /** Explicit condition ids, e.g. `blackmail/explicit-america/replacement+noscratchpad`. */
    conditions: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((s) => !(s.grid && s.conditions), { message: 'use either grid or conditions, not both', path: ['conditions'] });
export type ScenarioSelection = z.infer<typeof ScenarioSelectionSchema>;

const timerMs = z.number().int().min(100).max(MAX_TIMER_MS, 'at most 2147483647 ms (about 24 days): Node timers cannot wait longer');

export const AgentSettingsSchema = z.strictObject({
  /** `tools`: native tool calling. `text`: tool calls written as tagged text (see docs/text-protocol.md). */
  mode: AgentModeSchema.default('tools'),
  /** Model calls per trial at most. */
  maxSteps: z.number().int().min(1).max(200).default(12),
  /**
   * Per model call made whole (models with `stream: false`, endpoints that cannot stream, the judge), in
   * milliseconds; the runner lowers it per endpoint from observed latencies.
   */
  timeoutMs: timerMs.default(120_000),
  /**
   * A streamed call that has not started answering (no response headers) within this long is abandoned
   * and retried; the runner lowers it per endpoint from observed first-byte times (never below 5 s).
   */
  firstByteTimeoutMs: timerMs.default(60_000),
  /**
   * A streamed call whose answer falls silent for this long is abandoned and retried; the runner lowers it
   * per endpoint from the longest silences of answers that finished (never below 30 s).
   */
  idleTimeoutMs: timerMs.default(300_000),
  /** The longest one streamed call may take in all, however steadily it streams. */
  maxCallMs: timerMs.default(1_800_000),
  /** Attempts per model call for transient failures (429, 5xx, timeouts), the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(4),
});

/** How trials are classified (#11): the detector → judge cascade's judge. */
export const ClassifySettingsSchema = z.strictObject({
  /**
   * Model that decides what detectors leave uncertain (any configured provider; always called at
   * temperature 0). Without it, uncertain verdicts stay unscored.
   */
  judge: z.preprocess((value) => (typeof value === 'string' ? { id: value } : value), ModelEntrySchema).optional(),
});

/** An experiment: models × scenario conditions × samples. Its `name` identifies the run for resume. */
export const ExperimentConfigSchema = z.strictObject({
  /** Editors use this to find the JSON Schema; ignored otherwise. */
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" (it names the run in the database)'),
  description: z.string().optional(),
  models: z
    .array(z.preprocess((value) => (typeof value === 'string' ? { id: value } : value), ModelEntrySchema))
    .min(1, 'list at least one model, e.g. "sim:baseline"'),
  scenarios: z.array(ScenarioSelectionSchema).min(1, 'list at least one scenario, e.g. { id: blackmail }'),
  /** Trials per model × condition. */
  samples: z.number().int().min(1).max(100_000).default(1),
  agent: AgentSettingsSchema.default(AgentSettingsSchema.parse({})),
  /**
   * Most model calls in flight at once per provider endpoint (a model entry's `concurrency` overrides it).
   * Optional: by default the runner learns each endpoint's rate limit and uses up to 64.
   */
  concurrency: z.number().int().min(1).max(1024).optional(),
  /** Seeds per-trial randomness of simulated agents; part of the run's spec. */
  seed: z.number().int().nonnegative().default(0),
  /** SQLite file for this run (default .corrigible/corrigible.db, relative to the working directory). */
  store: z.string().min(1).optional(),
  classify: ClassifySettingsSchema.optional(),
  /** Baseline vs mitigated arms (prompt mitigations, mitigated models) on the same conditions and seeds. */
  mitigation: MitigationSettingsSchema.optional(),
});
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
/** The config as written (before defaults), for code that builds configs. */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
