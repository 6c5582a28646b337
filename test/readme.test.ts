import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../src/engine/config/load-config.js';
import { planExperiment } from '../src/engine/runner/plan-experiment.js';
import { createDefaultProviderRegistry } from '../src/providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../src/scenarios/default-registry.js';

// The README is the front door: every experiment it shows must be a config that actually plans.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('README', () => {
  it('shows at least one experiment config', () => {
    expect(yamlBlocks.length).toBeGreaterThan(0);
  });

  it.each(yamlBlocks.map((block, i) => [i, block] as const))('experiment block %i is valid and plans', (_i, block) => {
    const scenarios = createDefaultScenarioRegistry();
    const config = parseExperimentConfig(parse(block));
    const env = { ANTHROPIC_API_KEY: 'x', OPENAI_API_KEY: 'x', GOOGLE_GENERATIVE_AI_API_KEY: 'x', OPENROUTER_API_KEY: 'x', VLLM_API_KEY: 'x' };
    const plan = planExperiment(config, { scenarios, providers: createDefaultProviderRegistry(scenarios) }, { env });
    expect(plan.trials.length).toBe(config.models.length * plan.conditions.length * config.samples);
  });

  it('runs the quickstart file it tells new users to run', () => {
    expect(readme).toContain('npx corrigible run examples/quickstart.yaml');
    expect(readme).toContain('npm test');
  });
});
