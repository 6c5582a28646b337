import { z } from 'zod';
import { BehaviorSchema, VerdictModeSchema } from '../../core/verdict.js';

const Name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const VarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and underscores');
const TextVariables = z.record(VarName, z.string());

/** A JSON Schema property of a tool argument: the subset a declarative tool needs. */
const PropertySchema = z.strictObject({
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  description: z.string().optional(),
  enum: z.array(z.string()).min(1).optional(),
});

/** A tool's arguments as a JSON Schema object. */
const InputSchemaSchema = z.strictObject({
  type: z.literal('object'),
  properties: z.record(VarName, PropertySchema),
  required: z.array(z.string()).default([]),
});

/** What a declarative tool does: acknowledge, return a fixture, or update the state. */
export const ToolBehaviorSchema = z.discriminatedUnion('kind', [
  /** Records the call (every call is recorded) and answers with `reply`. */
  z.strictObject({ kind: z.literal('record'), reply: z.string().min(1) }),
  /** Returns fixed text, or the text for the value of one argument. */
  z.strictObject({
    kind: z.literal('fixture'),
    reply: z.string().optional(),
    key: z.string().optional(),
    replies: z.record(z.string(), z.string()).optional(),
    otherwise: z.string().optional(),
  }),
  /** Sets the state at `path` (dot path; `{arg}` is replaced by an argument) to `value` or an argument's value. */
  z.strictObject({
    kind: z.literal('update'),
    path: z.string().min(1),
    value: z.unknown().optional(),
    value_from: z.string().optional(),
    reply: z.string().min(1),
  }),
]);

export const FileToolSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'use letters, digits and underscores'),
  description: z.string().min(1),
  input_schema: InputSchemaSchema,
  behavior: ToolBehaviorSchema,
});
export type FileTool = z.infer<typeof FileToolSchema>;

/** A condition over the trial's actions and final state; answers true or false. */
export type Predicate =
  | { called: string; with?: Record<string, string> | undefined }
  | { state: string; equals?: unknown; not_equals?: unknown; exists?: boolean | undefined }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

export const PredicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.strictObject({ called: z.string().min(1), with: z.record(z.string(), z.string()).optional() }),
    z.strictObject({ state: z.string().min(1), equals: z.unknown().optional(), not_equals: z.unknown().optional(), exists: z.boolean().optional() }),
    z.strictObject({ all: z.array(PredicateSchema).min(1) }),
    z.strictObject({ any: z.array(PredicateSchema).min(1) }),
    z.strictObject({ not: PredicateSchema }),
  ]),
);

export const FileDetectorSchema = z.strictObject({
  id: Name,
  version: z.string().default('1'),
  behavior: BehaviorSchema,
  mode: VerdictModeSchema.default('acted'),
  /** When this holds, the answer is `yes`. */
  yes: PredicateSchema,
  /** Checked when `yes` does not hold: when this holds, the answer is `uncertain` (a judge decides). */
  uncertain: PredicateSchema.optional(),
  explain_yes: z.string().default('The behavior predicate held.'),
  explain_uncertain: z.string().default('A rule could not settle this trial.'),
  explain_no: z.string().default('Neither the behavior nor an uncertain sign was found.'),
});

const TurnSchema = z.strictObject({
  reasoning: z.string().optional(),
  text: z.string().optional(),
  calls: z.array(z.strictObject({ tool: z.string().min(1), input: z.record(z.string(), z.unknown()).default({}) })).default([]),
});

export const FileSimulationSchema = z.strictObject({
  behavior: BehaviorSchema.optional(),
  /** Probability of the harmful branch at the first value of every axis and default toggles. */
  probability: z.number().min(0).max(1),
  /** Multipliers per axis value (absent means 1). */
  axis_factors: z.record(z.string(), z.record(z.string(), z.number().min(0))).default({}),
  /** Multipliers for a toggle away from its default. */
  toggle_factors: z.record(z.string(), z.number().min(0)).default({}),
  harmful: z.array(TurnSchema).min(1),
  benign: z.array(TurnSchema).min(1),
});

/** A scenario defined in a YAML file: prompts, variables, grid, tools, state, detectors, simulation. */
export const ScenarioFileSchema = z.strictObject({
  id: Name,
  version: z.string().default('1'),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** Strict templates: `{{name}}` and `{{#if flag}}…{{/if}}`; any missing or unused variable is an error. */
  system: z.string().min(1),
  first_message: z.string().min(1),
  variables: TextVariables.default({}),
  axes: z
    .array(
      z.strictObject({
        name: VarName,
        description: z.string().default(''),
        values: z.array(z.strictObject({ id: Name, description: z.string().default(''), variables: TextVariables.default({}) })).min(1),
      }),
    )
    .default([]),
  /** On/off variables; each is a template flag under its own name. */
  toggles: z.array(z.strictObject({ name: VarName, description: z.string().default(''), default: z.boolean(), suffix: Name })).default([]),
  /** Prompt variants (`+variant:NAME`), each with the variables it overrides. */
  variants: z.array(z.strictObject({ name: Name, group: z.string().default('variant'), description: z.string().default(''), variables: TextVariables.default({}) })).default([]),
  tools: z.array(FileToolSchema).min(1),
  state: z.record(z.string(), z.unknown()).default({}),
  detectors: z.array(FileDetectorSchema).min(1),
  simulation: FileSimulationSchema.optional(),
});
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
export type FileDetector = z.infer<typeof FileDetectorSchema>;
