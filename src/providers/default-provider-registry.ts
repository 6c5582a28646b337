import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { hostedProviders } from './hosted-providers.js';
import { ProviderRegistry } from './provider-registry.js';
import { scriptedProvider } from './scripted-model.js';
import { createSimProvider } from './sim/sim-provider.js';

/** Every built-in provider: hosted APIs, self-hosted servers, and the offline `sim:` and `scripted:`. */
export function createDefaultProviderRegistry(scenarios: ScenarioRegistry): ProviderRegistry {
  const registry = new ProviderRegistry();
  for (const provider of hostedProviders) registry.register(provider);
  registry.register(scriptedProvider);
  registry.register(createSimProvider(scenarios));
  return registry;
}
