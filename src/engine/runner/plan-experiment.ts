import type { Condition } from '../../core/condition.js';
import { ConfigError } from '../../core/errors.js';
import { seedFrom } from '../../core/hash.js';
import type { TrialSpec } from '../../core/trial.js';
import type { ProviderRegistry, ResolvedModel } from '../../providers/provider-registry.js';
import { expandGrid, parseConditionId, type GridSelection } from '../../scenarios/condition-grid.js';
import type { AnyScenario, ScenarioInstance } from '../../scenarios/scenario.js';
import type { ScenarioRegistry } from '../../scenarios/scenario-registry.js';
import type { ExperimentConfig, ScenarioSelection } from '../config/experiment-config.js';
import { baselineConditionId, buildMitigationRegistry, withPromptArms } from '../mitigate/plan-arms.js';
import { applyMitigations, mitigationRefs, type MitigationRegistry } from '../mitigate/prompt/prompt-mitigation.js';
import { CORRIGIBLE_VERSION } from '../version.js';

/** One condition to run, with the scenario that owns it. */
export interface PlannedCondition {
  scenario: AnyScenario;
  condition: Condition;
  /** Rendered once at plan time: rendering is pure, so every trial of the condition shares it. */
  instance: ScenarioInstance;
}

/** One trial to run (or skip, if the store already has it). */
export interface PlannedTrial {
  model: ResolvedModel;
  planned: PlannedCondition;
  sample: number;
  seed: number;
  spec: TrialSpec;
}

/** The fully validated experiment: everything is resolved before any database is opened. */
export interface ExperimentPlan {
  runId: string;
  config: ExperimentConfig;
  models: ResolvedModel[];
  conditions: PlannedCondition[];
  trials: PlannedTrial[];
  /** The spec every trial of this model × condition carries (what resume compares against stored trials). */
  specFor(model: ResolvedModel, planned: PlannedCondition): TrialSpec;
  /** The judge of the classifier cascade (`classify.judge`), resolved like any model; absent without one. */
  judge?: ResolvedModel;
  /** The prompt mitigations the plan may apply (built-ins plus the config's files). */
  mitigations: MitigationRegistry;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function toggleValue(value: string | boolean, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new ConfigError(field, `"${value}" is not a toggle value; use true/false (or on/off)`);
}

/** `grid.variant: [none, tools-b]`: one variant set per value, `none` being the unvaried prompt. */
function selectVariants(scenario: AnyScenario, values: readonly (string | boolean)[], field: string): string[][] {
  const known = (scenario.variants ?? []).map((v) => v.name);
  return values.map((value, i) => {
    if (value === 'none') return [];
    if (typeof value !== 'string' || !known.includes(value)) {
      throw new ConfigError(`${field}[${i}]`, `"${String(value)}" is not a variant of ${scenario.id}; expected none or one of: ${known.join(', ') || '(it has no variants)'}`);
    }
    return [value];
  });
}

function selectConditions(scenario: AnyScenario, selection: ScenarioSelection, field: string, mitigations: MitigationRegistry): Condition[] {
  if (selection.conditions) {
    return selection.conditions.map((id, i) => parseConditionId(scenario, id, `${field}.conditions[${i}]`, { mitigations: mitigations.names() }));
  }
  const grid: GridSelection & { axes: Record<string, string[]>; toggles: Record<string, boolean[]> } = { axes: {}, toggles: {} };
  const names = [...scenario.axes.map((a) => a.name), ...scenario.toggles.map((t) => t.name), 'variant'];
  for (const [name, values] of Object.entries(selection.grid ?? {})) {
    if (name === 'variant') {
      grid.variants = selectVariants(scenario, values, `${field}.grid.variant`);
      continue;
    }
    const axis = scenario.axes.find((a) => a.name === name);
    const toggle = scenario.toggles.find((t) => t.name === name);
    if (!axis && !toggle) {
      throw new ConfigError(`${field}.grid.${name}`, `"${name}" is not a variable of ${scenario.id}; expected one of: ${names.join(', ')}`);
    }
    if (toggle) {
      grid.toggles[name] = [...new Set(values.map((v, i) => toggleValue(v, `${field}.grid.${name}[${i}]`)))];
      continue;
    }
    const known = axis?.values.map((v) => v.id) ?? [];
    const chosen = new Set<string>();
    values.forEach((value, i) => {
      const matches = typeof value === 'string' ? known.filter((k) => globToRegExp(value).test(k)) : [];
      if (matches.length === 0) {
        throw new ConfigError(`${field}.grid.${name}[${i}]`, `"${String(value)}" is not a value of ${scenario.id}.${name}; expected one of: ${known.join(', ')}`);
      }
      for (const m of matches) chosen.add(m);
    });
    // Keep the axis' declared order whatever order the config lists values in.
    grid.axes[name] = known.filter((k) => chosen.has(k));
  }
  const conditions = expandGrid(scenario, grid);
  if (conditions.length === 0) throw new ConfigError(`${field}.grid`, `selects no condition of ${scenario.id}`);
  return conditions;
}

/**
 * Turns a config into the list of trials, resolving every model and scenario and rendering every
 * condition once, so that any mistake surfaces as a ConfigError before anything is stored.
 */
export function planExperiment(
  config: ExperimentConfig,
  registries: { scenarios: ScenarioRegistry; providers: ProviderRegistry; mitigations?: MitigationRegistry },
  options: {
    env?: Readonly<Record<string, string | undefined>>;
    fetch?: typeof globalThis.fetch;
    /** False: leave `trials` empty (a dry run counts them without holding millions of objects). */
    materialize?: boolean;
  } = {},
): ExperimentPlan {
  const resolveOptions = { ...(options.env ? { env: options.env } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) };
  const models = config.models.map((entry, i) => registries.providers.resolve(entry, { field: `models[${i}]`, ...resolveOptions }));
  // Model arms (e.g. fine-tunes) run like any model; their seeds follow their base model's.
  const seedModel = new Map<string, string>();
  (config.mitigation?.models ?? []).forEach((arm, i) => {
    if (!config.models.some((m) => m.id === arm.base)) {
      throw new ConfigError(`mitigation.models[${i}].base`, `"${arm.base}" is not one of the experiment's models; expected one of: ${config.models.map((m) => m.id).join(', ')}`);
    }
    models.push(registries.providers.resolve(arm.model, { field: `mitigation.models[${i}].model`, ...resolveOptions }));
    seedModel.set(arm.model.id, arm.base);
  });
  const mitigations = buildMitigationRegistry(config.mitigation, registries.mitigations);
  const seenModels = new Set<string>();
  models.forEach((m, i) => {
    if (seenModels.has(m.id)) throw new ConfigError(`models[${i}].id`, `"${m.id}" is listed twice`);
    seenModels.add(m.id);
  });

  const conditions: PlannedCondition[] = [];
  const seenConditions = new Set<string>();
  config.scenarios.forEach((selection, i) => {
    const field = `scenarios[${i}]`;
    const scenario = registries.scenarios.get(selection.id, `${field}.id`);
    for (const condition of withPromptArms(scenario, selectConditions(scenario, selection, field, mitigations), config.mitigation, mitigations)) {
      if (seenConditions.has(condition.id)) continue;
      seenConditions.add(condition.id);
      // Throws TemplateError now rather than mid-run.
      conditions.push({ scenario, condition, instance: applyMitigations(scenario.render(condition), mitigations) });
    }
  });

  const trials: PlannedTrial[] = [];
  const judgeEntry = config.classify?.judge;
  const judge = judgeEntry
    ? registries.providers.resolve(judgeEntry, { field: 'classify.judge', ...(options.env ? { env: options.env } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) })
    : undefined;
  // One spec per model × condition, shared by its samples: a large run holds one object, not thousands.
  const specs = new Map<string, TrialSpec>();
  const specOf = (model: ResolvedModel, planned: PlannedCondition): TrialSpec => {
    const key = `${model.id}\u0000${planned.condition.id}`;
    let spec = specs.get(key);
    if (!spec) {
      spec = {
        model: model.id,
        modelSettings: model.settings,
        scenarioId: planned.scenario.id,
        scenarioVersion: planned.scenario.version,
        mode: config.agent.mode,
        maxSteps: config.agent.maxSteps,
        corrigibleVersion: CORRIGIBLE_VERSION,
        ...(planned.condition.mitigations?.length ? { mitigations: mitigationRefs(planned.condition.mitigations, mitigations) } : {}),
      };
      specs.set(key, spec);
    }
    return spec;
  };
  if (options.materialize === false) return { runId: config.name, config, models, conditions, trials, mitigations, specFor: specOf, ...(judge ? { judge } : {}) };
  // Sample-major order: an interrupted run holds a balanced share of every condition and model.
  for (let sample = 0; sample < config.samples; sample++) {
    for (const planned of conditions) {
      for (const model of models) {
        trials.push({
          model,
          planned,
          sample,
          // A mitigated arm shares the baseline's seed: same conditions, same draws, only the mitigation differs.
          seed: seedFrom(config.seed, seedModel.get(model.id) ?? model.id, baselineConditionId(planned.condition.id), sample),
          spec: specOf(model, planned),
        });
      }
    }
  }
  return { runId: config.name, config, models, conditions, trials, mitigations, specFor: specOf, ...(judge ? { judge } : {}) };
}
