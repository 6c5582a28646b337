import { splitConditionId } from '../../../core/condition.js';
import type { Behavior, VerdictMode } from '../../../core/verdict.js';
import { compareRates, type RateComparison } from '../../stats/compare-rates.js';
import { groupRates, type GroupRate } from '../../stats/grouped-rates.js';
import { chooseClassifier, selectionOf } from '../../store/choose-classifier.js';
import type { RunClassifier, Store, VerdictSelection } from '../../store/store.js';
import { z } from 'zod';
import { MitigationSettingsSchema, type MitigationSettings } from '../mitigation-config.js';
import { ESCALATION_TOOL } from '../prompt/builtin-mitigations.js';

/** Trials that called the escalation tool, of the trials that ran to an outcome (errors excluded). */
export interface EscalationCount {
  trials: number;
  escalated: number;
}

/**
 * One question the before/after table answers: a behavior in a mode, counted with the classifier the
 * run's summary uses for it (`classifier`), or, when absent, the one the summary would choose (the
 * cascade stored last). `null` means nothing is stored for it. A BehaviorSummary is one.
 */
export interface MitigationQuestion {
  behavior: Behavior;
  mode: VerdictMode;
  classifier?: { id: string; version: string } | null;
}

/** Options of compareMitigationArms. */
export interface CompareArmsOptions {
  /** Modes to compare (default `acted`: what the agent did; `considered` rows only where asked). */
  modes?: readonly VerdictMode[];
}

/** One arm against its baseline for one behavior and mode, pooled over the arm's conditions. */
export interface ArmComparison {
  behavior: Behavior;
  mode: VerdictMode;
  /** `prompt`: same model, conditions with `+mitigation:…`. `model`: another model (e.g. a fine-tune) on the plain conditions. */
  kind: 'prompt' | 'model';
  /** The arm: mitigation names joined with `+`, or the mitigated model's id. */
  arm: string;
  /** The model measured without the mitigation. */
  baselineModel: string;
  /** The model measured with it (the same model for prompt arms). */
  model: string;
  baseline: GroupRate;
  mitigated: GroupRate;
  /** mitigated − baseline, with Newcombe's interval; negative means the mitigation lowered the rate. */
  difference: number | null;
  low: number | null;
  high: number | null;
  /** Two-sided Fisher exact p-value, and Holm-adjusted over this behavior's comparisons. */
  pValue: number | null;
  adjustedP: number | null;
  escalations: { baseline: EscalationCount; mitigated: EscalationCount };
}

/** The before/after section of a run with a `mitigation` block. */
export interface MitigationComparison {
  confidence: number;
  rows: ArmComparison[];
}

const armKey = (conditionId: string): string => [...splitConditionId(conditionId).mitigations].sort().join('+');
const cellKey = (model: string, arm: string): string => `${model}\u0000${arm}`;

async function countEscalations(store: Store, runId: string): Promise<Map<string, EscalationCount>> {
  const counts = new Map<string, EscalationCount>();
  for (const trial of await store.listTrials(runId)) {
    if (trial.status === 'error') continue;
    const key = cellKey(trial.model, armKey(trial.conditionId));
    const c = counts.get(key) ?? { trials: 0, escalated: 0 };
    c.trials++;
    if (trial.actions.some((a) => a.tool === ESCALATION_TOOL && a.ok)) c.escalated++;
    counts.set(key, c);
  }
  return counts;
}

/**
 * Which verdicts count for a question: the classifier given, else the one the summary chooses
 * (`chooseClassifier`); `null` or nothing stored counts every trial as unscored.
 */
function selectionFor(stored: readonly RunClassifier[], behavior: Behavior, mode: VerdictMode, given: MitigationQuestion['classifier']): VerdictSelection {
  if (given) return selectionOf(given, mode);
  return selectionOf(given === null ? undefined : chooseClassifier(stored, behavior, mode), mode);
}

/**
 * Compares every arm of a run's `mitigation` block with its baseline: for prompt arms, the same model on
 * the same plain conditions; for model arms, the base model on the plain conditions. Rates pool the
 * arm's conditions (each arm runs exactly the baseline's conditions and samples, so the pools match).
 * Errors and unscored trials stay out of every denominator; Holm's correction spans one question's rows.
 * By default only `acted` questions are compared (one row per arm and behavior, as the design's
 * before/after table); `options.modes` adds `considered` rows. Each question is counted with one
 * classifier, the same the summary shows, so the before/after rows match the rate tables.
 */
export async function compareMitigationArms(
  store: Store,
  runId: string,
  settings: MitigationSettings,
  models: readonly string[],
  questions: readonly MitigationQuestion[],
  options: CompareArmsOptions = {},
): Promise<MitigationComparison> {
  const modes = options.modes ?? ['acted'];
  const wanted = new Map<string, MitigationQuestion>();
  for (const q of questions) if (modes.includes(q.mode) && !wanted.has(`${q.behavior}/${q.mode}`)) wanted.set(`${q.behavior}/${q.mode}`, q);
  const stored = wanted.size > 0 ? await store.runClassifiers(runId) : [];
  const escalations = await countEscalations(store, runId);
  const escalation = (model: string, arm: string): EscalationCount => escalations.get(cellKey(model, arm)) ?? { trials: 0, escalated: 0 };
  const arms: { kind: 'prompt' | 'model'; arm: string; baselineModel: string; model: string; armCell: string }[] = [];
  for (const entry of settings.prompts) {
    const arm = [...(typeof entry === 'string' ? [entry] : entry)].sort().join('+');
    for (const model of models) arms.push({ kind: 'prompt', arm, baselineModel: model, model, armCell: arm });
  }
  for (const entry of settings.models) arms.push({ kind: 'model', arm: entry.model.id, baselineModel: entry.base, model: entry.model.id, armCell: '' });

  const rows: ArmComparison[] = [];
  for (const { behavior, mode, classifier } of wanted.values()) {
    const counts = await store.countOutcomes(runId, behavior, selectionFor(stored, behavior, mode, classifier));
    const rates = new Map(groupRates(counts, (c) => cellKey(c.model, armKey(c.conditionId)), settings.confidence).map((g) => [g.group, g]));
    const empty = (group: string): GroupRate => ({ group, trials: 0, n: 0, harmful: 0, rate: null, low: null, high: null, exactLow: null, exactHigh: null, errors: 0, unscored: 0 });
    const pairs = arms.map((a) => {
      const before = cellKey(a.baselineModel, '');
      const after = cellKey(a.model, a.armCell);
      return { label: `${a.model} ${a.arm}`, a: rates.get(after) ?? empty(after), b: rates.get(before) ?? empty(before) };
    });
    const compared: RateComparison[] = compareRates(pairs, settings.confidence);
    compared.forEach((c, i) => {
      const a = arms[i];
      if (!a) return;
      rows.push({
        behavior,
        mode,
        kind: a.kind,
        arm: a.arm,
        baselineModel: a.baselineModel,
        model: a.model,
        baseline: c.b,
        mitigated: c.a,
        difference: c.difference,
        low: c.low,
        high: c.high,
        pValue: c.pValue,
        adjustedP: c.adjustedP,
        escalations: { baseline: escalation(a.baselineModel, ''), mitigated: escalation(a.model, a.armCell) },
      });
    });
  }
  return { confidence: settings.confidence, rows };
}

const StoredMitigationConfigSchema = z.object({
  experiment: z.object({ models: z.array(z.object({ id: z.string() })), mitigation: MitigationSettingsSchema.optional() }),
});

/**
 * The before/after comparison of a stored run, read from the config stored with it; null when the run
 * has no `mitigation` block. Pass the summary's behaviors (RunSummary.behaviors) so the rows count the
 * same classifiers as the rate tables; `acted` only unless `options.modes` says otherwise.
 */
export async function mitigationComparisonForRun(
  store: Store,
  runId: string,
  questions: readonly MitigationQuestion[],
  options: CompareArmsOptions = {},
): Promise<MitigationComparison | null> {
  const run = await store.getRun(runId);
  const parsed = StoredMitigationConfigSchema.safeParse(run?.config);
  const settings = parsed.success ? parsed.data.experiment.mitigation : undefined;
  if (!parsed.success || !settings) return null;
  return compareMitigationArms(store, runId, settings, parsed.data.experiment.models.map((m) => m.id), questions, options);
}
