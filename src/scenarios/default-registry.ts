import { blackmailScenario } from './blackmail/blackmail-scenario.js';
import { concealmentScenario } from './concealment/concealment-scenario.js';
import { demandsScenario } from './demands/demands-scenario.js';
import { leakingScenario } from './leaking/leaking-scenario.js';
import { lethalScenario } from './lethal/lethal-scenario.js';
import { ScenarioRegistry } from './scenario-registry.js';
import { shutdownScenario } from './shutdown/shutdown-scenario.js';

/** A registry holding every built-in scenario; callers add their own with `register`. */
export function createDefaultScenarioRegistry(): ScenarioRegistry {
  return new ScenarioRegistry()
    .register(blackmailScenario)
    .register(leakingScenario)
    .register(lethalScenario)
    .register(shutdownScenario)
    .register(concealmentScenario)
    .register(demandsScenario);
}
