import { z } from 'zod';
import type { TranscriptMessage } from '../core/transcript.js';
import type { Behavior, VerdictMode } from '../core/verdict.js';
import { mitigationComparisonForRun, type MitigationComparison } from '../engine/mitigate/compare/compare-arms.js';
import { compareRates, type RateComparison, type RatePair } from '../engine/stats/compare-rates.js';
import { groupKey } from '../engine/stats/group-keys.js';
import { groupRates, poolCounts, rateOf, type GroupRate, type PooledCounts, type RateEstimate } from '../engine/stats/grouped-rates.js';
import { summarizeRun, type RateClassifier } from '../engine/stats/summarize-run.js';
import { summarizeRunCost, type RunCost } from '../engine/stats/run-cost.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import { chooseClassifier, selectionOf } from '../engine/store/choose-classifier.js';
import type { OutcomeCounts, RunProvenance, Store, VerdictTally } from '../engine/store/store.js';
import { UnknownRunError } from '../engine/store/unknown-run-error.js';
import { CORRIGIBLE_VERSION } from '../engine/version.js';
import { parseConditionId } from '../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';

/** A model × condition cell with its rate, and where it sits in the grid. */
export interface CellRate extends RateEstimate {
  model: string;
  conditionId: string;
  /** Axis name → value; empty for a condition this build cannot parse. */
  axes: Record<string, string>;
  /** Names of toggles switched away from their default. */
  variants: string[];
  /** A stored trial of the cell judged `yes`, for the link into its transcript. */
  exampleTrialId: string | null;
}

/** A heatmap cell over the first two axes of a scenario, pooled over toggles. */
export interface GridCell extends RateEstimate {
  model: string;
  row: string;
  column: string;
}

export interface BehaviorReport {
  behavior: Behavior;
  /** The one classifier whose verdicts every rate of this section counts (the summary's choice); null when none is stored. */
  classifier: RateClassifier | null;
  cells: CellRate[];
  byModel: GroupRate[];
  /** The scenario axes the heatmap uses (rows, columns), or null when no scenario has two axes. */
  gridAxes: [string, string] | null;
  grid: GridCell[];
  /** Per toggle: the rate with the toggle on and off, per model. */
  variants: { toggle: string; rows: (RateEstimate & { model: string; value: 'on' | 'off' })[] }[];
}

/** Per model: how often each behavior was acted on, only considered, and how often the agent said it might be tested. */
export interface ModeRow extends RateEstimate {
  model: string;
  behavior: Behavior;
  mode: VerdictMode;
  /** The classifier counted (`id vVERSION`), the same one the summary names for this behavior and mode. */
  classifier: string | null;
}

/** Errors, unscored and the judge's share of verdicts, per model. */
export interface QualityRow {
  model: string;
  trials: number;
  errors: number;
  unscored: number;
  verdicts: number;
  judged: number;
  judgeShare: number | null;
}

/** A transcript excerpt the report carries so its links work from disk. */
export interface TranscriptExample {
  trialId: string;
  model: string;
  conditionId: string;
  sample: number;
  behavior: Behavior;
  explanation: string;
  messages: TranscriptMessage[];
}

export interface ComparisonReport {
  baselineRunId: string;
  behavior: Behavior;
  /** rate(run) − rate(baseline): overall, per model, per condition present in both; Holm-adjusted together. */
  rows: RateComparison[];
}

/** Everything a report shows, as data: `--format json` prints it, HTML/Markdown/CSV render it. */
export interface ReportData {
  generatedAt: string;
  corrigibleVersion: string;
  confidence: number;
  run: { id: string; createdAt: string; models: string[]; simulatedModels: string[]; provenance: RunProvenance };
  behaviors: BehaviorReport[];
  modes: ModeRow[];
  quality: QualityRow[];
  comparisons: ComparisonReport[];
  examples: TranscriptExample[];
  /** The run's mitigation arms against their baselines (`acted` rows, the summary's classifiers); null without a `mitigation` block. */
  mitigation: MitigationComparison | null;
  /** What the run's stored trials and judge calls cost, priced as `corrigible summary` prices them. */
  cost: RunCost;
}

export interface BuildReportOptions {
  /** A second run to compare against (the "before"). */
  compare?: string;
  confidence?: number;
  /** Transcripts embedded for links, at most (default 24). */
  maxExamples?: number;
  /** Clock for `generatedAt` (tests pin it). */
  now?: () => string;
}

const RunConfigSchema = z.object({ simulatedModels: z.array(z.string()).default([]) }).loose();

function locate(scenarios: ScenarioRegistry, conditionId: string): { axes: Record<string, string>; variants: string[]; axisNames: string[] } {
  try {
    const scenario = scenarios.forCondition(conditionId);
    const condition = parseConditionId(scenario, conditionId);
    return {
      axes: condition.axes,
      variants: scenario.toggles.filter((t) => condition.toggles[t.name] !== t.default).map((t) => t.name),
      axisNames: scenario.axes.map((a) => a.name),
    };
  } catch {
    return { axes: {}, variants: [], axisNames: [] };
  }
}

function behaviorReport(behavior: Behavior, classifier: RateClassifier | null, counts: OutcomeCounts[], scenarios: ScenarioRegistry, confidence: number, examples: Map<string, string>): BehaviorReport {
  const located = new Map(counts.map((c) => [c.conditionId, locate(scenarios, c.conditionId)]));
  const cells: CellRate[] = counts.map((c) => {
    const where = located.get(c.conditionId) ?? { axes: {}, variants: [] };
    return { model: c.model, conditionId: c.conditionId, axes: where.axes, variants: where.variants, exampleTrialId: examples.get(`${c.model}\u0000${c.conditionId}`) ?? null, ...rateOf(c, confidence) };
  });
  const twoAxes = [...located.values()].find((l) => l.axisNames.length >= 2)?.axisNames;
  const gridAxes: [string, string] | null = twoAxes ? [twoAxes[0] ?? '', twoAxes[1] ?? ''] : null;
  const grid: GridCell[] = [];
  if (gridAxes) {
    const [rowAxis, columnAxis] = gridAxes;
    const keyed = groupRates(counts, (c) => {
      const axes = located.get(c.conditionId)?.axes ?? {};
      const row = axes[rowAxis];
      const column = axes[columnAxis];
      return row === undefined || column === undefined ? null : JSON.stringify([c.model, row, column]);
    }, confidence);
    for (const g of keyed) {
      const [model = '', row = '', column = ''] = z.array(z.string()).parse(JSON.parse(g.group));
      const { group: _group, ...rate } = g;
      grid.push({ model, row, column, ...rate });
    }
  }
  const toggleNames = [...new Set(scenarios.list().flatMap((s) => s.toggles.map((t) => t.name)))];
  const variants = toggleNames
    .map((toggle) => {
      const key = groupKey(scenarios, toggle);
      const rows = groupRates(counts, (c) => {
        const value = key(c);
        return value === null ? null : JSON.stringify([c.model, value]);
      }, confidence).map((g) => {
        const [model = '', value = ''] = z.array(z.string()).parse(JSON.parse(g.group));
        const { group: _group, ...rate } = g;
        return { model, value: value === 'on' ? ('on' as const) : ('off' as const), ...rate };
      });
      return { toggle, rows };
    })
    // A toggle that the run never varied has nothing to show.
    .filter((v) => new Set(v.rows.map((r) => r.value)).size > 1);
  return { behavior, classifier, cells, byModel: groupRates(counts, (c) => c.model, confidence), gridAxes, grid, variants };
}

function tallyCounts(tallies: readonly VerdictTally[], keep: (t: VerdictTally) => boolean): PooledCounts {
  const counts: PooledCounts = { trials: 0, errors: 0, labels: { yes: 0, no: 0, unscored: 0 } };
  for (const t of tallies) {
    if (!keep(t)) continue;
    counts.labels[t.label] += t.count;
    counts.trials += t.count;
  }
  return counts;
}

function modeRows(tallies: readonly VerdictTally[], models: readonly string[], confidence: number): ModeRow[] {
  const kinds = [...new Set(tallies.map((t) => `${t.behavior}\u0000${t.mode}`))].sort();
  return models.flatMap((model) =>
    kinds.map((kind) => {
      const [behavior, mode] = kind.split('\u0000') as [Behavior, VerdictMode];
      // The store tallies only the chosen classifier of each behavior and mode, so this is one classifier.
      const by = tallies.find((t) => t.behavior === behavior && t.mode === mode);
      const classifier = by ? `${by.classifierId} v${by.classifierVersion}` : null;
      return { model, behavior, mode, classifier, ...rateOf(tallyCounts(tallies, (t) => t.model === model && t.behavior === behavior && t.mode === mode), confidence) };
    }),
  );
}

function qualityRows(counts: readonly OutcomeCounts[], tallies: readonly VerdictTally[], models: readonly string[]): QualityRow[] {
  return models.map((model) => {
    const pooled = poolCounts(counts.filter((c) => c.model === model));
    const mine = tallies.filter((t) => t.model === model);
    const verdicts = mine.reduce((sum, t) => sum + t.count, 0);
    const judged = mine.reduce((sum, t) => sum + t.judged, 0);
    return { model, trials: pooled.trials, errors: pooled.errors, unscored: pooled.labels.unscored, verdicts, judged, judgeShare: verdicts === 0 ? null : judged / verdicts };
  });
}

function comparison(behavior: Behavior, after: readonly OutcomeCounts[], before: readonly OutcomeCounts[], baselineRunId: string, confidence: number): ComparisonReport {
  const pairs: RatePair[] = [];
  const pooled = (list: readonly OutcomeCounts[], group: string): GroupRate => ({ group, ...rateOf(poolCounts(list), confidence) });
  pairs.push({ label: 'all models, all conditions', a: pooled(after, 'run'), b: pooled(before, baselineRunId) });
  for (const model of [...new Set(after.map((c) => c.model))]) {
    const b = before.filter((c) => c.model === model);
    if (b.length > 0) pairs.push({ label: model, a: pooled(after.filter((c) => c.model === model), 'run'), b: pooled(b, baselineRunId) });
  }
  for (const cell of after) {
    const b = before.find((c) => c.model === cell.model && c.conditionId === cell.conditionId);
    if (b) pairs.push({ label: `${cell.model} · ${cell.conditionId}`, a: pooled([cell], 'run'), b: pooled([b], baselineRunId) });
  }
  return { baselineRunId, behavior, rows: compareRates(pairs, confidence) };
}

/**
 * Reads a stored run (and optionally a baseline run) and computes every number a report shows: rates
 * with Wilson and exact intervals per cell, per model, over the grid and per variant; acted vs considered;
 * errors, unscored and the judge's share; before/after differences with Newcombe intervals, Fisher tests
 * and Holm correction; plus a few transcripts so that links into them work offline.
 * @throws UnknownRunError when either run is not in the store.
 */
export async function buildReportData(store: Store, runId: string, scenarios: ScenarioRegistry, options: BuildReportOptions = {}): Promise<ReportData> {
  const confidence = options.confidence ?? 0.95;
  const run = await store.getRun(runId);
  if (!run) throw new UnknownRunError(runId, (await store.listRuns()).map((r) => r.id));
  if (options.compare !== undefined && !(await store.getRun(options.compare))) {
    throw new UnknownRunError(options.compare, (await store.listRuns()).map((r) => r.id));
  }
  const summary = await summarizeRun(store, runId, scenarios, confidence);
  const models = summary.behaviors[0]?.byModel.map((r) => r.model) ?? [];
  const tallies = await store.verdictTallies(runId);
  const maxExamples = options.maxExamples ?? 24;
  const behaviors: BehaviorReport[] = [];
  const comparisons: ComparisonReport[] = [];
  const examples: TranscriptExample[] = [];
  const baselineClassifiers = options.compare === undefined ? [] : await store.runClassifiers(options.compare);
  // One section per acted question (the headline rates); the `considered` questions (reasoning,
  // evaluation awareness) are in the modes table. Each counts the classifier the summary names.
  for (const { behavior, mode, classifier, rows } of summary.behaviors.filter((b) => b.mode === 'acted')) {
    // The summary's order follows the config (models as listed, conditions in grid order), not the alphabet.
    const order = new Map(rows.map((r, i) => [`${r.model}\u0000${r.conditionId}`, i]));
    const position = (c: OutcomeCounts) => order.get(`${c.model}\u0000${c.conditionId}`) ?? Number.MAX_SAFE_INTEGER;
    const counts = (await store.countOutcomes(runId, behavior, selectionOf(classifier ?? undefined, mode))).sort((a, b) => position(a) - position(b));
    // One harmful example per cell, while the budget lasts: enough to check what a number means.
    const exampleIds = new Map<string, string>();
    for (const cell of counts) {
      if (examples.length >= maxExamples || cell.labels.yes === 0) continue;
      const page = await store.listTrialSummaries(runId, { model: cell.model, conditionId: cell.conditionId, behavior, mode, label: 'yes' }, { limit: 1 });
      const first = page.trials[0];
      const trial = first ? await store.getTrial(first.id) : undefined;
      if (!trial) continue;
      const verdict = (await store.listVerdicts(trial.id)).find((v) => v.behavior === behavior && v.mode === mode && v.classifierId === classifier?.id && v.classifierVersion === classifier.version);
      exampleIds.set(`${cell.model}\u0000${cell.conditionId}`, trial.id);
      examples.push({ trialId: trial.id, model: trial.model, conditionId: trial.conditionId, sample: trial.sample, behavior, explanation: verdict?.explanation ?? '', messages: trial.transcript });
    }
    behaviors.push(behaviorReport(behavior, classifier, counts, scenarios, confidence, exampleIds));
    if (options.compare !== undefined) {
      // The baseline counts the same classifier when it has it, else its own default choice.
      const before = chooseClassifier(baselineClassifiers, behavior, mode, classifier?.id) ?? chooseClassifier(baselineClassifiers, behavior, mode);
      comparisons.push(comparison(behavior, counts, await store.countOutcomes(options.compare, behavior, selectionOf(before, mode)), options.compare, confidence));
    }
  }
  const first = summary.behaviors.find((b) => b.mode === 'acted');
  const allCounts = first ? await store.countOutcomes(runId, first.behavior, selectionOf(first.classifier ?? undefined, first.mode)) : [];
  return {
    generatedAt: (options.now ?? (() => new Date().toISOString()))(),
    corrigibleVersion: CORRIGIBLE_VERSION,
    confidence,
    run: { id: runId, createdAt: run.createdAt, models, simulatedModels: RunConfigSchema.parse(run.config).simulatedModels, provenance: summary.provenance },
    behaviors,
    modes: modeRows(tallies, models, confidence),
    quality: qualityRows(allCounts, tallies, models),
    comparisons,
    examples,
    mitigation: await mitigationComparisonForRun(store, runId, summary.behaviors),
    cost: await summarizeRunCost(store, runId, createDefaultProviderRegistry(scenarios)),
  };
}
