import type { z } from 'zod';
import type { ScenarioInstance } from '../scenario.js';
import { CorrigibleError } from '../../core/errors.js';

/** A scenario instance lacks roles its detector or simulated agent needs (an instance not rendered by this scenario). */
export class ScenarioRolesError extends CorrigibleError {
  readonly code = 'scenario-roles';
}

/** An instance's roles validated against a scenario's schema; a ScenarioRolesError names what is missing. */
export function readRoles<T>(instance: ScenarioInstance, schema: z.ZodType<T>, scenarioId: string): T {
  const parsed = schema.safeParse(instance.roles);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(roles)'}: ${i.message}`).join('; ');
    throw new ScenarioRolesError(`instance ${instance.condition.id} lacks the roles the ${scenarioId} scenario needs (${problems})`, {
      hint: `render the instance with the ${scenarioId} scenario's render() rather than building it by hand`,
    });
  }
  return parsed.data;
}
