import { CONDITION_PART_NAME, joinConditionId, splitConditionId, type Condition } from '../core/condition.js';
import { ConfigError } from '../core/errors.js';
import type { Scenario } from './scenario.js';

/** The part of a scenario that defines its grid (any state type). */
export type ScenarioGrid = Pick<Scenario, 'id' | 'axes' | 'toggles' | 'isValidCombination' | 'variants'>;

/** What a condition carries besides axes and toggles. */
export interface ConditionExtras {
  variants?: readonly string[];
  mitigations?: readonly string[];
}

function orderVariants(scenario: ScenarioGrid, variants: readonly string[]): string[] {
  const declared = (scenario.variants ?? []).map((v) => v.name);
  const index = (name: string): number => {
    const i = declared.indexOf(name);
    return i === -1 ? declared.length : i;
  };
  return [...new Set(variants)].sort((a, b) => index(a) - index(b) || a.localeCompare(b));
}

function orderMitigations(mitigations: readonly string[]): string[] {
  return [...new Set(mitigations)].sort();
}

/**
 * Formats a condition id: `scenario/axis1/axis2+suffix…+variant:V…+mitigation:M…` (toggle suffixes only
 * when not default; variants in declaration order; mitigations alphabetical).
 */
export function conditionId(
  scenario: ScenarioGrid,
  axes: Readonly<Record<string, string>>,
  toggles: Readonly<Record<string, boolean>>,
  extras: ConditionExtras = {},
): string {
  return joinConditionId({
    path: [scenario.id, ...scenario.axes.map((a) => axes[a.name] ?? '?')].join('/'),
    toggles: scenario.toggles.filter((t) => (toggles[t.name] ?? t.default) !== t.default).map((t) => t.suffix),
    variants: orderVariants(scenario, extras.variants ?? []),
    mitigations: orderMitigations(extras.mitigations ?? []),
  });
}

function makeCondition(scenario: ScenarioGrid, axes: Record<string, string>, toggles: Record<string, boolean>, extras: ConditionExtras = {}): Condition {
  const variants = orderVariants(scenario, extras.variants ?? []);
  const mitigations = orderMitigations(extras.mitigations ?? []);
  return {
    id: conditionId(scenario, axes, toggles, { variants, mitigations }),
    scenarioId: scenario.id,
    axes,
    toggles,
    ...(variants.length > 0 ? { variants } : {}),
    ...(mitigations.length > 0 ? { mitigations } : {}),
  };
}

/** The subset of a grid to expand: allowed values per axis and per toggle. Absent means all. */
export interface GridSelection {
  axes?: Readonly<Record<string, readonly string[]>>;
  toggles?: Readonly<Record<string, readonly boolean[]>>;
  /** Variant sets to cross with (`[]` is the unvaried prompt). Absent means only the unvaried prompt. */
  variants?: readonly (readonly string[])[];
  /** Mitigation sets to cross with (`[]` is none). Absent means none. */
  mitigations?: readonly (readonly string[])[];
}

/**
 * Expands a scenario's factorial grid (or a selection of it) into conditions, in a stable order:
 * axes vary slowest-first in declaration order, then toggles, then variant sets, then mitigation sets.
 */
export function expandGrid(scenario: ScenarioGrid, selection: GridSelection = {}): Condition[] {
  let combos: Record<string, string>[] = [{}];
  for (const axis of scenario.axes) {
    const allowed = selection.axes?.[axis.name] ?? axis.values.map((v) => v.id);
    combos = combos.flatMap((c) => allowed.map((v) => ({ ...c, [axis.name]: v })));
  }
  combos = combos.filter((c) => scenario.isValidCombination?.(c) ?? true);
  let toggleCombos: Record<string, boolean>[] = [{}];
  for (const toggle of scenario.toggles) {
    const allowed = selection.toggles?.[toggle.name] ?? [toggle.default];
    toggleCombos = toggleCombos.flatMap((c) => allowed.map((v) => ({ ...c, [toggle.name]: v })));
  }
  const variantSets = selection.variants ?? [[]];
  const mitigationSets = selection.mitigations ?? [[]];
  return combos.flatMap((axes) =>
    toggleCombos.flatMap((toggles) =>
      variantSets.flatMap((variants) => mitigationSets.map((mitigations) => makeCondition(scenario, axes, toggles, { variants, mitigations }))),
    ),
  );
}

/**
 * Every condition of the scenario: each axis combination with every toggle setting, each once unvaried
 * and once per declared variant. Mitigations are not part of a scenario's own grid.
 */
export function fullGrid(scenario: ScenarioGrid): Condition[] {
  return expandGrid(scenario, {
    toggles: Object.fromEntries(scenario.toggles.map((t) => [t.name, [t.default, !t.default]])),
    variants: [[], ...(scenario.variants ?? []).map((v) => [v.name])],
  });
}

/** Options of `parseConditionId`. */
export interface ParseConditionOptions {
  /** Mitigation names that exist; absent accepts any well-formed name. */
  mitigations?: readonly string[];
}

function checkVariants(scenario: ScenarioGrid, id: string, variants: readonly string[], field: string): void {
  const declared = scenario.variants ?? [];
  const groups = new Map<string, string>();
  for (const name of variants) {
    const variant = declared.find((v) => v.name === name);
    if (!variant) {
      const expected = declared.length > 0 ? `expected one of: ${declared.map((v) => `+variant:${v.name}`).join(', ')}` : `${scenario.id} has no variants`;
      throw new ConfigError(field, `"+variant:${name}" is not a variant of ${scenario.id}; ${expected}`);
    }
    const other = groups.get(variant.group);
    if (other !== undefined && other !== name) {
      throw new ConfigError(field, `"${id}" has two variants of the same kind (${variant.group}): "${other}" and "${name}"; keep one`);
    }
    groups.set(variant.group, name);
  }
}

function checkMitigations(id: string, mitigations: readonly string[], options: ParseConditionOptions, field: string): void {
  for (const name of mitigations) {
    if (!CONDITION_PART_NAME.test(name)) {
      throw new ConfigError(field, `"+mitigation:${name}" in "${id}" is not a mitigation name; use lower-case letters, digits and dashes`);
    }
    if (options.mitigations && !options.mitigations.includes(name)) {
      throw new ConfigError(field, `"+mitigation:${name}" is not a known mitigation; expected one of: ${options.mitigations.join(', ')}`);
    }
  }
}

/**
 * Parses a condition id back into a condition, naming the first part that is wrong and what would be
 * right. `field` is where the id came from, for the error message.
 */
export function parseConditionId(scenario: ScenarioGrid, id: string, field = 'condition', options: ParseConditionOptions = {}): Condition {
  const { path, toggles: suffixes, variants, mitigations } = splitConditionId(id);
  const parts = path.split('/');
  if (parts[0] !== scenario.id) throw new ConfigError(field, `"${id}" does not start with "${scenario.id}/"`);
  const values = parts.slice(1);
  if (values.length !== scenario.axes.length) {
    throw new ConfigError(field, `"${id}" needs ${scenario.axes.length} part(s) after "${scenario.id}/" (${scenario.axes.map((a) => a.name).join('/')})`);
  }
  const axes: Record<string, string> = {};
  scenario.axes.forEach((axis, i) => {
    const value = values[i] ?? '';
    if (!axis.values.some((v) => v.id === value)) {
      throw new ConfigError(field, `"${value}" is not a value of ${scenario.id}.${axis.name}; expected one of: ${axis.values.map((v) => v.id).join(', ')}`);
    }
    axes[axis.name] = value;
  });
  if (scenario.isValidCombination && !scenario.isValidCombination(axes)) {
    throw new ConfigError(field, `"${id}" is not a condition of ${scenario.id} (that combination of values is not in the grid)`);
  }
  const toggles: Record<string, boolean> = Object.fromEntries(scenario.toggles.map((t) => [t.name, t.default]));
  for (const suffix of suffixes) {
    const toggle = scenario.toggles.find((t) => t.suffix === suffix);
    if (!toggle) {
      throw new ConfigError(field, `"+${suffix}" is not a toggle of ${scenario.id}; expected one of: ${scenario.toggles.map((t) => `+${t.suffix}`).join(', ')}`);
    }
    toggles[toggle.name] = !toggle.default;
  }
  checkVariants(scenario, id, variants, field);
  checkMitigations(id, mitigations, options, field);
  const condition = makeCondition(scenario, axes, toggles, { variants, mitigations });
  if (condition.id !== id) throw new ConfigError(field, `"${id}" is not in canonical form; write it as "${condition.id}"`);
  return condition;
}
