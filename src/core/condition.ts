import { z } from 'zod';

/**
 * One point of a scenario's factorial grid. Its id is readable and stable, e.g.
 * `blackmail/explicit-america/replacement+noscratchpad+variant:terse+mitigation:safety-rules`: the
 * scenario, each axis value in axis order, then `+suffix` for every toggle that differs from its default
 * (in toggle order), then `+variant:NAME` for every prompt variant (in the scenario's declaration order),
 * then `+mitigation:NAME` for every mitigation (in alphabetical order).
 *
 * `variants` and `mitigations` are absent when empty, so a condition without them keeps the shape (and the
 * stored JSON) it had before they existed.
 */
export const ConditionSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  axes: z.record(z.string(), z.string()),
  toggles: z.record(z.string(), z.boolean()),
  /** Prompt variants (same capability, different wording or surface), in the scenario's order. */
  variants: z.array(z.string()).optional(),
  /** Mitigations applied to the instance, alphabetical. Their meaning lives in the mitigation lab. */
  mitigations: z.array(z.string()).optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** Names allowed after `+variant:` and `+mitigation:`: lower-case letters, digits and dashes. */
export const CONDITION_PART_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** A condition id split into its parts, without checking them against any scenario. */
export interface ConditionIdParts {
  /** `scenario/axis1/axis2…` */
  path: string;
  /** Toggle suffixes as written (without `+`). */
  toggles: string[];
  variants: string[];
  mitigations: string[];
}

const VARIANT = 'variant:';
const MITIGATION = 'mitigation:';

/**
 * Splits a condition id into its path, toggle suffixes, variants and mitigations, in the order written.
 * Purely lexical: whether the parts exist is for the scenario to say (see `parseConditionId`).
 */
export function splitConditionId(id: string): ConditionIdParts {
  const [path = '', ...suffixes] = id.split('+');
  const parts: ConditionIdParts = { path, toggles: [], variants: [], mitigations: [] };
  for (const suffix of suffixes) {
    if (suffix.startsWith(VARIANT)) parts.variants.push(suffix.slice(VARIANT.length));
    else if (suffix.startsWith(MITIGATION)) parts.mitigations.push(suffix.slice(MITIGATION.length));
    else parts.toggles.push(suffix);
  }
  return parts;
}

/** Joins parts back into an id, in the order given (the caller orders them canonically). */
export function joinConditionId(parts: ConditionIdParts): string {
  return (
    parts.path +
    parts.toggles.map((t) => `+${t}`).join('') +
    parts.variants.map((v) => `+${VARIANT}${v}`).join('') +
    parts.mitigations.map((m) => `+${MITIGATION}${m}`).join('')
  );
}

/**
 * The id of a condition's cell: the same condition without its variants. Rates of conditions that share
 * a cell differ only by prompt wording, so their spread shows how much a rate depends on one prompt.
 */
export function conditionCellId(id: string): string {
  return joinConditionId({ ...splitConditionId(id), variants: [] });
}
