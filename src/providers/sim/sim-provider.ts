import { ConfigError } from '../../core/errors.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { ProviderDefinition } from '../provider-registry.js';
import { SimModel } from './sim-model.js';
import { simProfiles } from './sim-profiles.js';

/** `sim:<profile>`: the offline simulated agent (docs/sim.md). */
export function createSimProvider(scenarios: ScenarioRegistry): ProviderDefinition {
  return {
    name: 'sim',
    description: `Offline simulated agent, no real model (profiles: ${simProfiles.map((p) => p.name).join(', ')})`,
    simulated: true,
    create(context) {
      const profile = simProfiles.find((p) => p.name === context.modelName);
      if (!profile) {
        throw new ConfigError(
          `${context.field}.id`,
          `unknown sim profile "${context.modelName}"; available: ${simProfiles.map((p) => `sim:${p.name}`).join(', ')}`,
        );
      }
      return { model: new SimModel(profile, scenarios, context.entry.latencyMs ?? 0), settings: { profile: profile.name } };
    },
  };
}
