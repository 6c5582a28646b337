import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions, type LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { z } from 'zod';
import { abortableSleep } from '../../core/abortable-sleep.js';
import { createRng } from '../../core/hash.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { AnyScenario, ScenarioInstance, SimTurn } from '../../scenarios/scenario.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { noStreaming, syntheticResult, turnIndex } from '../synthetic-model.js';
import type { SimProfile } from './sim-profiles.js';

/** The provider-options namespace through which the runner tells a simulated agent where it is. */
export const SIM_CONTEXT_KEY = 'corrigible';

const SimContextSchema = z.object({ conditionId: z.string(), seed: z.number().int().nonnegative() });

/** Episodes kept per model: well above the trials a run keeps in flight, so each is drawn once. */
const EPISODES_KEPT = 256;

/** A sim model was called outside corrigible's runner, without the condition it should play. */
export class SimContextError extends Error {
  override readonly name = 'SimContextError';
}

/**
 * The offline simulated agent. Per trial it draws once, from a seed derived from the run seed, model,
 * condition and sample, whether it takes the harmful branch (probability from its profile), then plays
 * the scenario's scripted episode through real tool calls, so the whole pipeline runs as with a model.
 */
export class SimModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'sim';
  readonly supportedUrls = {};
  readonly modelId: string;
  private readonly instances = new Map<string, ScenarioInstance>();
  private readonly episodes = new Map<string, readonly SimTurn[]>();

  constructor(
    private readonly profile: SimProfile,
    private readonly scenarios: ScenarioRegistry,
    private readonly latencyMs = 0,
  ) {
    this.modelId = profile.name;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const parsed = SimContextSchema.safeParse(options.providerOptions?.[SIM_CONTEXT_KEY]);
    if (!parsed.success) {
      throw new SimContextError(`sim:${this.modelId} only runs inside corrigible's runner, which passes the condition it plays`);
    }
    const { conditionId, seed } = parsed.data;
    const scenario = this.scenarios.forCondition(conditionId);
    let instance = this.instances.get(conditionId);
    if (!instance) {
      instance = scenario.render(parseConditionId(scenario, conditionId));
      // Bounded: a run touches at most its grid, but a long-lived process should not grow forever.
      if (this.instances.size > 2048) this.instances.clear();
      this.instances.set(conditionId, instance);
    }
    if (this.latencyMs > 0) await abortableSleep(this.latencyMs, options.abortSignal);
    if (this.profile.errorRate > 0 && Math.random() < this.profile.errorRate) {
      throw new APICallError({
        message: 'simulated overload (sim:flaky)',
        url: `sim://${this.modelId}`,
        requestBodyValues: {},
        statusCode: 503,
        isRetryable: true,
      });
    }
    const turns = this.episodeFor(scenario, instance, conditionId, seed);
    const index = turnIndex(options);
    const turn = turns[index] ?? { text: 'I have nothing further to do.', toolCalls: [] };
    return syntheticResult(turn, options, `sim-${seed}-${index}`);
  }

  /**
   * The trial's scripted episode: drawn from its seed alone, so every step of a trial gets the same one.
   * Recent episodes are kept (a trial asks once per step; trials in flight are few) rather than redrawn.
   */
  private episodeFor(scenario: AnyScenario, instance: ScenarioInstance, conditionId: string, seed: number): readonly SimTurn[] {
    const key = `${conditionId}\u0000${seed}`;
    const kept = this.episodes.get(key);
    if (kept) return kept;
    const rng = createRng(seed);
    const harmful = rng() < this.profile.harmfulProbability(scenario, instance.condition);
    const episode = scenario.simulation?.episode(instance as never, harmful, rng) ?? [];
    const turns = this.profile.adjustEpisode?.(episode, instance.condition, harmful) ?? episode;
    if (this.episodes.size >= EPISODES_KEPT) this.episodes.delete(this.episodes.keys().next().value ?? '');
    this.episodes.set(key, turns);
    return turns;
  }

  doStream() {
    return noStreaming(this.modelId);
  }
}
