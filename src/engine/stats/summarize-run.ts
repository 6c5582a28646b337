import { z } from 'zod';
import type { Behavior, VerdictMode } from '../../core/verdict.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { chooseClassifier, selectionOf } from '../store/choose-classifier.js';
import { UnknownRunError } from '../store/unknown-run-error.js';
import type { RunProvenance, Store } from '../store/store.js';
import { summarizeByModel, summarizeOutcomes, type SummaryRow } from './summarize.js';
import { variantSpread, type VariantSpread } from './variant-spread.js';

/** The one classifier (id and version) whose verdicts a rate counts. */
export interface RateClassifier {
  id: string;
  version: string;
  judgeModel: string | null;
}

/** How every view names the classifier behind a rate: `classifier <id> v<version> (judge <model>)`. */
export function classifierLabel(classifier: RateClassifier | null | undefined): string {
  if (!classifier) return 'no verdicts stored';
  return `classifier ${classifier.id} v${classifier.version}${classifier.judgeModel ? ` (judge ${classifier.judgeModel})` : ''}`;
}

/** Rates for one behavior in one mode: per model × condition, and per model over all its conditions. */
export interface BehaviorSummary {
  behavior: Behavior;
  mode: VerdictMode;
  /** Which classifier produced these rates; null when no verdict of this behavior and mode is stored. */
  classifier: RateClassifier | null;
  rows: SummaryRow[];
  byModel: SummaryRow[];
  /** Range of rates across prompt variants of the same cell (only cells run in two or more wordings). */
  variantSpread: VariantSpread[];
}

/** Everything the end-of-run table shows. */
export interface RunSummary {
  runId: string;
  confidence: number;
  behaviors: BehaviorSummary[];
  /** Models that were simulated: their numbers describe the simulation, not a real model. */
  simulatedModels: string[];
  /** What produced the numbers: scenario versions and the classifiers behind each behavior. */
  provenance: RunProvenance;
}

const StoredRunConfigSchema = z.object({
  experiment: z.object({ models: z.array(z.object({ id: z.string() })), scenarios: z.array(z.object({ id: z.string() })) }),
  simulatedModels: z.array(z.string()),
});

/**
 * Where a condition sits in its scenario's grid (axis values and toggles in declaration order), so tables
 * read in the order of the design rather than alphabetically. Unknown ids sort last.
 */
function gridPosition(scenarios: ScenarioRegistry, scenarioOrder: readonly string[], conditionId: string): number[] {
  try {
    const scenario = scenarios.forCondition(conditionId);
    const condition = parseConditionId(scenario, conditionId);
    return [
      scenarioOrder.indexOf(scenario.id),
      ...scenario.axes.map((axis) => axis.values.findIndex((v) => v.id === condition.axes[axis.name])),
      ...scenario.toggles.map((toggle) => (condition.toggles[toggle.name] === toggle.default ? 0 : 1)),
    ];
  } catch {
    return [Number.MAX_SAFE_INTEGER];
  }
}

function scoresBehavior(scenarios: ScenarioRegistry, conditionId: string, behavior: Behavior): boolean {
  try {
    return scenarios.forCondition(conditionId).detectors.some((d) => d.behavior === behavior);
  } catch {
    // A scenario no longer registered: keep its rows rather than hide stored data.
    return true;
  }
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Options of summarizeRun. */
export interface SummarizeRunOptions {
  /**
   * Count this classifier's verdicts (`cascade:<detector>` or a bare detector id) for the behaviors it
   * decides. Default: per behavior and mode, the cascade stored last (the final verdicts), else the
   * classifier stored last.
   */
  classifier?: string;
}

/**
 * Summarizes a stored run for every behavior and mode its scenarios' detectors score, each rate from ONE
 * classifier (named in the summary). Errors and unscored trials are counted apart and never enter a
 * denominator.
 */
export async function summarizeRun(store: Store, runId: string, scenarios: ScenarioRegistry, confidence = 0.95, options: SummarizeRunOptions = {}): Promise<RunSummary> {
  const run = await store.getRun(runId);
  if (!run) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const config = StoredRunConfigSchema.parse(run.config);
  const questions = new Map<string, { behavior: Behavior; mode: VerdictMode }>();
  for (const selection of config.experiment.scenarios) {
    for (const detector of scenarios.get(selection.id).detectors) {
      const { behavior, mode } = detector;
      if (options.classifier === undefined || options.classifier === detector.id || options.classifier === `cascade:${detector.id}`) questions.set(`${behavior}/${mode}`, { behavior, mode });
    }
  }
  const stored = await store.runClassifiers(runId);
  const provenance = await store.provenance(runId);
  const modelOrder = config.experiment.models.map((m) => m.id);
  const scenarioOrder = config.experiment.scenarios.map((s) => s.id);
  const positions = new Map<string, number[]>();
  const position = (conditionId: string): number[] => {
    let found = positions.get(conditionId);
    if (!found) {
      found = gridPosition(scenarios, scenarioOrder, conditionId);
      positions.set(conditionId, found);
    }
    return found;
  };
  const byModelThenGrid = (a: SummaryRow, b: SummaryRow): number =>
    modelOrder.indexOf(a.model) - modelOrder.indexOf(b.model) || compareNumbers(position(a.conditionId), position(b.conditionId)) || a.conditionId.localeCompare(b.conditionId);
  const summaries: BehaviorSummary[] = [];
  for (const { behavior, mode } of questions.values()) {
    const chosen = chooseClassifier(stored, behavior, mode, options.classifier);
    const all = await store.countOutcomes(runId, behavior, selectionOf(chosen, mode));
    // A run over several scenarios: only conditions whose scenario scores this behavior belong in its table.
    const counts = all.filter((c) => scoresBehavior(scenarios, c.conditionId, behavior));
    const rows = summarizeOutcomes(counts, confidence).sort(byModelThenGrid);
    summaries.push({
      behavior,
      mode,
      classifier: chosen ? { id: chosen.id, version: chosen.version, judgeModel: chosen.judgeModel } : null,
      rows,
      variantSpread: variantSpread(rows),
      byModel: summarizeByModel(counts, confidence).sort(byModelThenGrid),
    });
  }
  return { runId, confidence, behaviors: summaries, simulatedModels: config.simulatedModels, provenance };
}
