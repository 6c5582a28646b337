import { joinConditionId, splitConditionId, type Condition } from '../../core/condition.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { AnyScenario } from '../../scenarios/scenario.js';
import type { MitigationSettings } from './mitigation-config.js';
import { createDefaultMitigationRegistry, loadMitigationFile, type MitigationRegistry } from './prompt/prompt-mitigation.js';

/** The built-in mitigations plus the user's files from the config's `mitigation.files`. */
export function buildMitigationRegistry(settings: MitigationSettings | undefined, registry: MitigationRegistry = createDefaultMitigationRegistry()): MitigationRegistry {
  (settings?.files ?? []).forEach((path, i) => registry.register(loadMitigationFile(path, `mitigation.files[${i}]`), `mitigation.files[${i}]`));
  return registry;
}

/** The condition id with its mitigations removed: the baseline cell a mitigated condition is compared with. */
export function baselineConditionId(id: string): string {
  return joinConditionId({ ...splitConditionId(id), mitigations: [] });
}

/**
 * The selected conditions followed by each one under every prompt arm (`+mitigation:NAME…`), so the arms
 * run exactly the baseline's conditions. Every name is checked against the registry first.
 */
export function withPromptArms(scenario: AnyScenario, conditions: readonly Condition[], settings: MitigationSettings | undefined, registry: MitigationRegistry): Condition[] {
  const arms = (settings?.prompts ?? []).map((arm, i) => {
    const names = typeof arm === 'string' ? [arm] : arm;
    names.forEach((n) => registry.get(n, `mitigation.prompts[${i}]`));
    return names;
  });
  const out = [...conditions];
  for (const arm of arms) {
    for (const condition of conditions) {
      if ((condition.mitigations ?? []).length > 0) continue;
      out.push(parseConditionId(scenario, joinConditionId({ ...splitConditionId(condition.id), mitigations: [...arm].sort() }), 'mitigation.prompts', { mitigations: registry.names() }));
    }
  }
  return out;
}
