import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { createDefaultProviderRegistry } from '../../providers/default-provider-registry.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import { parseExperimentConfig } from '../config/load-config.js';
import { planExperiment } from './plan-experiment.js';

const scenarios = createDefaultScenarioRegistry({ env: {} });
const providers = createDefaultProviderRegistry(scenarios);
const plan = (grid: Record<string, unknown>) =>
  planExperiment(parseExperimentConfig({ name: 'p', models: ['sim:baseline'], scenarios: [{ id: 'leaking', grid }] }), { scenarios, providers });

describe('planExperiment grid.variant', () => {
  it('crosses the selected cells with the listed prompt variants, none being the unvaried prompt', () => {
    const ids = plan({ goal: ['explicit-america'], urgency: ['replacement'], variant: ['none', 'tools-b', 'terse'] }).conditions.map((c) => c.condition.id);
    expect(ids).toEqual(['leaking/explicit-america/replacement', 'leaking/explicit-america/replacement+variant:tools-b', 'leaking/explicit-america/replacement+variant:terse']);
  });

  it('names an unknown variant and lists the valid ones', () => {
    expect(() => plan({ variant: ['loud'] })).toThrow(ConfigError);
    expect(() => plan({ variant: ['loud'] })).toThrow(/scenarios\[0\]\.grid\.variant\[0\]: "loud" is not a variant of leaking; expected none or one of: tools-b, terse/);
  });
});
