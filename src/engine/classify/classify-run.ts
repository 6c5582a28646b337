import type { TrialRecord } from '../../core/trial.js';
import type { JudgeUsage, Verdict } from '../../core/verdict.js';
import { costOf } from '../../providers/pricing.js';
import { parseConditionId } from '../../scenarios/condition-grid.js';
import type { AnyScenario, ScenarioInstance } from '../../scenarios/scenario.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import { storedPrices } from '../stats/run-cost.js';
import { UnknownRunError } from '../store/unknown-run-error.js';
import type { Store } from '../store/store.js';
import { classifyImported, importedDetectorInput, importedTrialFlags } from '../import/build-imported-trial.js';
import type { Classifier } from './classifier.js';
import { classifyFinishedTrial } from './classify-finished-trial.js';
import { ClassifierRegistry } from './classifier-registry.js';
import type { JudgeRuntime } from './judge.js';
import { replayFinalState } from './replay-trial.js';

export { classifyFinishedTrial } from './classify-finished-trial.js';

/** Options of classifyRun. */
export interface ClassifyRunOptions {
  scenarios: ScenarioRegistry;
  /** The judge for what detectors leave uncertain; without it, uncertain stays unscored. */
  judge?: JudgeRuntime;
  /** Run only this classifier (`cascade:<detector>` or a bare detector id); default: every cascade. */
  only?: string;
  /** Trials classified at once (judge calls are limited by the judge's scheduler anyway). */
  parallel?: number;
  onProgress?: (progress: { done: number; total: number; judged: number }) => void;
}

/** What a classify pass did. */
export interface ClassifyRunResult {
  runId: string;
  /** Trials of the run, any status. */
  trials: number;
  /** Trials in error: never classified. */
  errors: number;
  /** Trials that already held every verdict asked for: nothing to do (resume, idempotence). */
  upToDate: number;
  /** Trials that got new verdicts. */
  classified: number;
  /** Of those, trials that needed the judge. */
  judged: number;
  /** Verdicts appended. */
  added: number;
  /** The classifiers run, as `id@version`. */
  classifiers: string[];
  /** Tokens of the judge calls this pass made (zero without a judge). */
  judgeUsage: JudgeUsage;
  /**
   * USD those calls cost, priced like `summarizeRunCost` (the run's stored `price` override, else the
   * list price); 0 for a simulated judge; null when the judge has no known price (never counted as free).
   */
  judgeCostUsd: number | null;
}

/** Adds one verdict's judge usage to a running total. */
function addJudgeUsage(total: JudgeUsage, usage: JudgeUsage): void {
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.reasoningTokens += usage.reasoningTokens;
  total.cachedInputTokens += usage.cachedInputTokens;
  total.calls += usage.calls;
}

const verdictKey = (v: { behavior: string; mode: string; classifierId: string; classifierVersion: string }): string =>
  `${v.behavior}\u0000${v.mode}\u0000${v.classifierId}\u0000${v.classifierVersion}`;

/**
 * (Re)classifies the stored trials of a run without re-running any agent: verdicts are appended, trials
 * are never touched. Resumable and idempotent: a trial that already holds the final verdict of a
 * classifier version is skipped before any judge call, so running it twice adds nothing.
 */
export async function classifyRun(store: Store, runId: string, options: ClassifyRunOptions): Promise<ClassifyRunResult> {
  if (!(await store.getRun(runId))) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  const registry = new ClassifierRegistry(options.scenarios);
  if (options.only !== undefined) registry.check(options.only);
  const trials = await store.listTrials(runId);
  // Imported trials: their condition ids (`<scenario>/import:<theirs>`) name no condition of ours; what
  // detectors see is rebuilt from the stored transcript and the binding's roles, as at import.
  const sources = await store.listTrialSources(runId);
  const classifierOptions = { ...(options.judge ? { judge: options.judge } : {}), ...(options.only === undefined ? {} : { only: options.only }) };
  const perScenario = new Map<string, Classifier[]>();
  const classifiersOf = (scenario: AnyScenario): Classifier[] => {
    let found = perScenario.get(scenario.id);
    if (!found) {
      found = registry.forScenario(scenario, classifierOptions);
      perScenario.set(scenario.id, found);
    }
    return found;
  };
  const instances = new Map<string, ScenarioInstance>();
  const instanceOf = (scenario: AnyScenario, trial: TrialRecord): ScenarioInstance => {
    let found = instances.get(trial.conditionId);
    if (!found) {
      found = scenario.render(parseConditionId(scenario, trial.conditionId, `trial ${trial.id}`));
      instances.set(trial.conditionId, found);
    }
    return found;
  };

  const judgeUsage: JudgeUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 };
  const result: ClassifyRunResult = { runId, trials: trials.length, errors: 0, upToDate: 0, classified: 0, judged: 0, added: 0, classifiers: [], judgeUsage, judgeCostUsd: 0 };
  const names = new Set<string>();
  let done = 0;
  const one = async (trial: TrialRecord): Promise<void> => {
    if (trial.status === 'error') {
      result.errors++;
      return;
    }
    const scenario = options.scenarios.forCondition(trial.conditionId, `trial ${trial.id}`);
    const classifiers = classifiersOf(scenario);
    for (const c of classifiers) names.add(`${c.id}@${c.version}`);
    const have = new Set((await store.listVerdicts(trial.id)).map(verdictKey));
    const todo = classifiers.filter((c) => !have.has(verdictKey({ behavior: c.behavior, mode: c.mode, classifierId: c.id, classifierVersion: c.version })));
    if (todo.length === 0) {
      result.upToDate++;
      return;
    }
    const source = sources.get(trial.id);
    let outcome: { verdicts: Verdict[]; judged: boolean };
    if (source) {
      // Same entry point as at import, so its rules (truncation, unreadable blocks) hold here too.
      const input = importedDetectorInput(scenario, trial, source);
      outcome = await classifyImported(scenario, trial.id, input, importedTrialFlags(trial), { classifiers: todo });
    } else {
      const instance = instanceOf(scenario, trial);
      // An `imported` trial without its source (not written by this version) is an outcome like `ok`.
      const status = trial.status === 'imported' ? 'ok' : trial.status;
      outcome = await classifyFinishedTrial(todo, { trial: { ...trial, status }, instance, finalState: replayFinalState(instance, trial.actions) });
    }
    // Counted as soon as the calls are made: they are paid for even if another process stored the verdicts first.
    for (const verdict of outcome.verdicts) if (verdict.judgeExchange?.usage) addJudgeUsage(judgeUsage, verdict.judgeExchange.usage);
    result.added += await store.saveVerdicts(trial.id, outcome.verdicts);
    result.classified++;
    if (outcome.judged) result.judged++;
  };
  const queue = [...trials];
  const workers = Array.from({ length: Math.max(1, options.parallel ?? 16) }, async () => {
    for (let trial = queue.shift(); trial; trial = queue.shift()) {
      await one(trial);
      done++;
      options.onProgress?.({ done, total: trials.length, judged: result.judged });
    }
  });
  await Promise.all(workers);
  result.classifiers = [...names].sort();
  if (options.judge && !options.judge.model.simulated) {
    const run = await store.getRun(runId);
    const price = (run && storedPrices(run.config).get(options.judge.model.id)) ?? options.judge.model.price;
    result.judgeCostUsd = price ? costOf(judgeUsage, price) : null;
  }
  return result;
}
