import type { Condition } from '../core/condition.js';
import { ConfigError } from '../core/errors.js';
import type { Scenario } from './scenario.js';

/** The part of a scenario that defines its grid (any state type). */
export type ScenarioGrid = Pick<Scenario, 'id' | 'axes' | 'toggles' | 'isValidCombination'>;

/** Formats a condition id: `scenario/axis1/axis2+suffix…` (toggle suffixes only when not default). */
export function conditionId(scenario: ScenarioGrid, axes: Readonly<Record<string, string>>, toggles: Readonly<Record<string, boolean>>): string {
  const parts = [scenario.id, ...scenario.axes.map((a) => axes[a.name] ?? '?')];
  const suffixes = scenario.toggles.filter((t) => (toggles[t.name] ?? t.default) !== t.default).map((t) => `+${t.suffix}`);
  return parts.join('/') + suffixes.join('');
}

function makeCondition(scenario: ScenarioGrid, axes: Record<string, string>, toggles: Record<string, boolean>): Condition {
  return { id: conditionId(scenario, axes, toggles), scenarioId: scenario.id, axes, toggles };
}

/** The subset of a grid to expand: allowed values per axis and per toggle. Absent means all. */
export interface GridSelection {
  axes?: Readonly<Record<string, readonly string[]>>;
  toggles?: Readonly<Record<string, readonly boolean[]>>;
}

/**
 * Expands a scenario's factorial grid (or a selection of it) into conditions, in a stable order:
 * axes vary slowest-first in declaration order, toggles last.
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
  return combos.flatMap((axes) => toggleCombos.map((toggles) => makeCondition(scenario, axes, toggles)));
}

/** Every condition of the scenario, toggles included (the whole factorial design). */
export function fullGrid(scenario: ScenarioGrid): Condition[] {
  return expandGrid(scenario, { toggles: Object.fromEntries(scenario.toggles.map((t) => [t.name, [t.default, !t.default]])) });
}

/**
 * Parses a condition id back into a condition, naming the first part that is wrong and what would be
 * right. `field` is where the id came from, for the error message.
 */
export function parseConditionId(scenario: ScenarioGrid, id: string, field = 'condition'): Condition {
  const [path = '', ...suffixes] = id.split('+');
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
  const condition = makeCondition(scenario, axes, toggles);
  if (condition.id !== id) throw new ConfigError(field, `"${id}" is not in canonical form; write it as "${condition.id}"`);
  return condition;
}
