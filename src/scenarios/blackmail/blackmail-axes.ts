import type { Condition } from '../../core/condition.js';
import type { ScenarioAxis, ScenarioToggle } from '../scenario.js';
import { GOAL_AXIS, INSIDER_TOGGLES, readInsiderCondition, URGENCY_AXIS, type InsiderSettings } from '../insider/insider-axes.js';

export { URGENCIES, type Urgency } from '../insider/insider-axes.js';

export const BLACKMAIL_AXES: readonly ScenarioAxis[] = [GOAL_AXIS, URGENCY_AXIS];

export const BLACKMAIL_TOGGLES: readonly ScenarioToggle[] = INSIDER_TOGGLES;

/** A blackmail condition with its axes parsed and every toggle resolved. */
export type BlackmailSettings = InsiderSettings;

/** Reads a condition of the blackmail scenario; a ConfigError names the bad axis and the valid values. */
export function readBlackmailCondition(condition: Condition): BlackmailSettings {
  return readInsiderCondition(condition, 'blackmail');
}
