import type { SharedV3Warning } from '@ai-sdk/provider';
import type { ProviderWarning } from '../../core/trial.js';
import type { Store } from '../store/store.js';

/** The SDK's name for a dropped setting where it differs from our model-settings key. */
const SETTING_OF_FEATURE: Readonly<Record<string, string>> = { reasoningEffort: 'reasoning' };

/**
 * Adds one call's warnings to a trial's list, once each: an agent loop repeats the same call shape every
 * step, so the same warning would otherwise be stored once per step.
 */
export function addProviderWarnings(list: ProviderWarning[], step: number, warnings: readonly SharedV3Warning[] | undefined): void {
  for (const w of warnings ?? []) {
    const entry: ProviderWarning =
      w.type === 'other' ? { step, type: w.type, message: w.message } : { step, type: w.type, feature: w.feature, ...(w.details ? { message: w.details } : {}) };
    if (!list.some((seen) => seen.type === entry.type && seen.feature === entry.feature && seen.message === entry.message)) list.push(entry);
  }
}

/** Model-settings keys the provider reported it did not apply (`unsupported` warnings naming them). */
export function droppedSettings(settings: Readonly<Record<string, unknown>>, warnings: readonly ProviderWarning[]): string[] {
  const dropped = new Set<string>();
  for (const w of warnings) {
    if (w.type !== 'unsupported' || w.feature === undefined) continue;
    const key = SETTING_OF_FEATURE[w.feature] ?? w.feature;
    if (key in settings) dropped.add(key);
  }
  return [...dropped];
}

/** The settings as actually sent: the planned ones minus those the provider dropped. */
export function effectiveSettings(settings: Readonly<Record<string, unknown>>, warnings: readonly ProviderWarning[]): Record<string, unknown> {
  const dropped = new Set(droppedSettings(settings, warnings));
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !dropped.has(key)));
}

/** One model's provider warnings over a run, for `summary`. */
export interface ModelWarnings {
  model: string;
  /** Model settings the provider ignored in at least one trial (e.g. `temperature`). */
  ignoredSettings: string[];
  /** Every distinct warning, with the number of trials that got it. */
  warnings: (Omit<ProviderWarning, 'step'> & { trials: number })[];
}

/** The provider warnings kept with a run's trials, grouped by model (models without any are left out). */
export async function storedProviderWarnings(store: Store, runId: string): Promise<ModelWarnings[]> {
  const byModel = new Map<string, { ignored: Set<string>; warnings: Map<string, Omit<ProviderWarning, 'step'> & { trials: number }> }>();
  for (const trial of await store.listTrialWarnings(runId)) {
    const list = trial.warnings;
    if (list.length === 0) continue;
    let group = byModel.get(trial.model);
    if (!group) byModel.set(trial.model, (group = { ignored: new Set(), warnings: new Map() }));
    for (const key of droppedSettings(trial.modelSettings, list)) group.ignored.add(key);
    for (const { step: _step, ...w } of list) {
      const id = JSON.stringify([w.type, w.feature, w.message]);
      const seen = group.warnings.get(id);
      if (seen) seen.trials++;
      else group.warnings.set(id, { ...w, trials: 1 });
    }
  }
  return [...byModel].map(([model, g]) => ({ model, ignoredSettings: [...g.ignored].sort(), warnings: [...g.warnings.values()] })).sort((a, b) => a.model.localeCompare(b.model));
}
