import type { Behavior } from '../../core/verdict.js';
import { createDefaultScenarioRegistry } from '../../scenarios/default-registry.js';
import type { ExperimentConfig } from '../config/experiment-config.js';
import { DEFAULT_STORE_PATH, runExperiment, type RunExperimentOptions } from '../runner/run-experiment.js';
import { summarizeRun, type RunSummary } from '../stats/summarize-run.js';
import { chooseClassifier, selectionOf } from '../store/choose-classifier.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { checkStoppingRule, halfWidthOf, isOpen, nextTarget, type CellState, type StoppingRule } from './stopping-rule.js';

/** Where one model × condition cell ended. */
export interface AdaptiveCell {
  model: string;
  conditionId: string;
  samples: number;
  /** The widest Wilson half-width over the behaviors scored in the cell. */
  halfWidth: number;
  /** True when the cell hit --max-samples before its interval was narrow enough. */
  capped: boolean;
}

/** What an adaptive run did, and what it saved against sampling every cell to the cap. */
export interface AdaptiveResult {
  runId: string;
  rule: StoppingRule;
  rounds: number;
  /** Trials stored in the run's cells at the end. */
  trials: number;
  /** Trials the fixed design (every cell at maxSamples) would have made. */
  fixedDesignTrials: number;
  saved: number;
  cells: AdaptiveCell[];
  errors: number;
  interrupted: boolean;
  summary: RunSummary;
}

const cellKey = (model: string, conditionId: string) => `${model}\u0000${conditionId}`;

/**
 * Per cell, one state per behavior (sample counts agree across behaviors; labels differ), each counted
 * with the classifier the summary shows for it (`chooseClassifier`: the cascade's final verdicts by
 * default), so stopping reads the same numbers the tables print and never a mix of classifiers.
 */
async function cellStates(store: Store, runId: string, behaviors: readonly Behavior[]) {
  const cells = new Map<string, { model: string; conditionId: string; states: CellState[] }>();
  const stored = await store.runClassifiers(runId);
  for (const behavior of behaviors) {
    for (const counts of await store.countOutcomes(runId, behavior, selectionOf(chooseClassifier(stored, behavior, 'acted'), 'acted'))) {
      const key = cellKey(counts.model, counts.conditionId);
      const cell = cells.get(key) ?? { model: counts.model, conditionId: counts.conditionId, states: [] };
      cell.states.push({ samples: counts.trials, counts });
      cells.set(key, cell);
    }
  }
  return cells;
}

/**
 * Runs an experiment adaptively (`--until-ci`): every cell first gets `initialSamples`, then rounds extend
 * only the cells whose interval is still wider than `halfWidth`, up to `maxSamples`. Each round is an
 * ordinary `runExperiment` over the open cells with a larger sample count, so trials keep the seeds,
 * keys and resume behavior of the fixed design: an adaptive run is a prefix of the fixed one, cell by cell.
 */
export async function runAdaptive(config: ExperimentConfig, rule: StoppingRule, options: RunExperimentOptions = {}): Promise<AdaptiveResult> {
  checkStoppingRule(rule);
  const scenarios = options.scenarios ?? createDefaultScenarioRegistry();
  const store = options.store ?? openSqliteStore(options.storePath ?? config.store ?? DEFAULT_STORE_PATH);
  const run = (c: ExperimentConfig) => runExperiment(c, { ...options, scenarios, store });
  try {
    let result = await run({ ...config, samples: Math.min(rule.initialSamples, rule.maxSamples) });
    // The acted rates decide when a cell is precise enough: they are the design's headline numbers, and
    // the `considered` questions (reasoning, evaluation awareness) ride along on the same trials.
    const behaviors = [...new Set(result.summary.behaviors.filter((b) => b.mode === 'acted').map((b) => b.behavior))];
    // Later rounds see only some models; the first one saw them all.
    const simulatedModels = result.simulatedModels;
    let rounds = 1;
    let interrupted = result.interrupted;
    for (; !interrupted; rounds++) {
      const cells = await cellStates(store, result.runId, behaviors);
      // Open cells grouped by model, scenario and target, so each group is one runExperiment call.
      const groups = new Map<string, { model: string; scenarioId: string; samples: number; conditions: string[] }>();
      for (const cell of cells.values()) {
        const open = cell.states.filter((s) => isOpen(s, rule));
        if (open.length === 0) continue;
        const samples = Math.max(...open.map((s) => nextTarget(s, rule)));
        const scenarioId = cell.conditionId.split('/')[0] ?? '';
        const key = `${cell.model}\u0000${scenarioId}\u0000${samples}`;
        const group = groups.get(key) ?? { model: cell.model, scenarioId, samples, conditions: [] };
        group.conditions.push(cell.conditionId);
        groups.set(key, group);
      }
      if (groups.size === 0) break;
      for (const group of groups.values()) {
        const models = config.models.filter((m) => m.id === group.model);
        result = await run({ ...config, models, scenarios: [{ id: group.scenarioId, conditions: group.conditions }], samples: group.samples });
        if (result.interrupted) {
          interrupted = true;
          break;
        }
      }
    }
    // Each round stored a narrowed config; put back the whole design, with the rule that shaped it.
    const stored = await store.getRun(result.runId);
    if (stored) {
      await store.saveRun({ ...stored, config: { experiment: config, simulatedModels, adaptive: { ...rule, rounds } } });
    }
    const final = [...(await cellStates(store, result.runId, behaviors)).values()].map((cell): AdaptiveCell & { errors: number } => {
      const samples = cell.states[0]?.samples ?? 0;
      const halfWidth = Math.max(...cell.states.map((s) => halfWidthOf(s.counts, rule.confidence)));
      return { model: cell.model, conditionId: cell.conditionId, samples, halfWidth, capped: halfWidth > rule.halfWidth, errors: cell.states[0]?.counts.errors ?? 0 };
    });
    const trials = final.reduce((sum, c) => sum + c.samples, 0);
    const fixedDesignTrials = final.length * rule.maxSamples;
    return {
      runId: result.runId,
      rule,
      rounds,
      trials,
      fixedDesignTrials,
      saved: fixedDesignTrials - trials,
      cells: final.map(({ errors: _errors, ...cell }) => cell),
      errors: final.reduce((sum, c) => sum + c.errors, 0),
      interrupted,
      summary: await summarizeRun(store, result.runId, scenarios, rule.confidence),
    };
  } finally {
    if (!options.store) await store.close();
  }
}
