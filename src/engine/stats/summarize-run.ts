import { z } from 'zod';
import type { Behavior } from '../../core/verdict.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { UnknownRunError } from '../store/unknown-run-error.js';
import type { Store } from '../store/store.js';
import { summarizeByModel, summarizeOutcomes, type SummaryRow } from './summarize.js';

/** Rates for one behavior: per model × condition, and per model over all its conditions. */
export interface BehaviorSummary {
  behavior: Behavior;
  rows: SummaryRow[];
  byModel: SummaryRow[];
}

/** Everything the end-of-run table shows. */
export interface RunSummary {
  runId: string;
  confidence: number;
  behaviors: BehaviorSummary[];
  /** Models that were simulated: their numbers describe the simulation, not a real model. */
  simulatedModels: string[];
}

const StoredRunConfigSchema = z.object({
  experiment: z.object({ scenarios: z.array(z.object({ id: z.string() })) }),
  simulatedModels: z.array(z.string()),
});

/**
 * Summarizes a stored run for every behavior its scenarios' detectors score. Errors and unscored
 * trials are counted apart and never enter a denominator.
 */
export async function summarizeRun(store: Store, runId: string, scenarios: ScenarioRegistry, confidence = 0.95): Promise<RunSummary> {
  const run = await store.getRun(runId);
  if (!run) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const config = StoredRunConfigSchema.parse(run.config);
  const behaviors = new Set<Behavior>();
  for (const selection of config.experiment.scenarios) {
    for (const detector of scenarios.get(selection.id).detectors) behaviors.add(detector.behavior);
  }
  const summaries: BehaviorSummary[] = [];
  for (const behavior of behaviors) {
    const counts = await store.countOutcomes(runId, behavior);
    summaries.push({ behavior, rows: summarizeOutcomes(counts, confidence), byModel: summarizeByModel(counts, confidence) });
  }
  return { runId, confidence, behaviors: summaries, simulatedModels: config.simulatedModels };
}
