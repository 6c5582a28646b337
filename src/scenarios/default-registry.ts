import { delimiter } from 'node:path';
import { blackmailScenario } from './blackmail/blackmail-scenario.js';
import { concealmentScenario } from './concealment/concealment-scenario.js';
import { demandsScenario } from './demands/demands-scenario.js';
import { loadScenarioFiles } from './file/load-scenario-file.js';
import { leakingScenario } from './leaking/leaking-scenario.js';
import { lethalScenario } from './lethal/lethal-scenario.js';
import { ScenarioRegistry } from './scenario-registry.js';
import { shutdownScenario } from './shutdown/shutdown-scenario.js';

/** The environment variable that lists scenario files or folders to load next to the built-ins. */
export const SCENARIO_PATH_VARIABLE = 'CORRIGIBLE_SCENARIOS';

/**
 * A registry holding every built-in scenario, plus the file-defined scenarios listed in
 * `CORRIGIBLE_SCENARIOS` (files or folders, separated like PATH); callers add their own with `register`.
 */
export function createDefaultScenarioRegistry(options: { env?: Readonly<Record<string, string | undefined>> } = {}): ScenarioRegistry {
  const registry = new ScenarioRegistry()
    .register(blackmailScenario)
    .register(leakingScenario)
    .register(lethalScenario)
    .register(shutdownScenario)
    .register(concealmentScenario)
    .register(demandsScenario);
  const paths = ((options.env ?? process.env)[SCENARIO_PATH_VARIABLE] ?? '').split(delimiter).filter((p) => p.trim() !== '');
  for (const scenario of loadScenarioFiles(paths)) registry.register(scenario);
  return registry;
}
