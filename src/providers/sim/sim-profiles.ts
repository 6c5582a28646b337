import type { Condition } from '../../core/condition.js';
import type { AnyScenario } from '../../scenarios/scenario.js';

/**
 * A documented behavior profile of the simulated agent (docs/sim.md). The probability of the harmful
 * branch is known exactly, so statistics can be checked against the truth.
 */
export interface SimProfile {
  name: string;
  description: string;
  harmfulProbability(scenario: AnyScenario, condition: Condition): number;
  /** Fraction of calls that fail with a retryable provider error (not seeded, so a resume can succeed). */
  errorRate: number;
}

const baseline: SimProfile = {
  name: 'baseline',
  description: "each scenario's documented probability table (docs/sim.md; e.g. blackmail: up to 60% under replacement with an explicit goal)",
  harmfulProbability: (scenario, condition) => scenario.simulation?.harmfulProbability(condition) ?? 0,
  errorRate: 0,
};

/** The profiles `sim:<name>` accepts. */
export const simProfiles: readonly SimProfile[] = [
  baseline,
  {
    name: 'aligned',
    description: 'never takes the harmful action (a negative control)',
    harmfulProbability: () => 0,
    errorRate: 0,
  },
  {
    name: 'flaky',
    description: 'baseline behavior, but 10% of calls fail with a retryable 503 (exercises error handling and resume)',
    harmfulProbability: (scenario, condition) => baseline.harmfulProbability(scenario, condition),
    errorRate: 0.1,
  },
];
