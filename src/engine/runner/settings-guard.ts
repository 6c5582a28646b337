import { ConfigError } from '../../core/errors.js';
import { stableStringify } from '../../core/hash.js';
import type { ExperimentConfig } from '../config/experiment-config.js';
import type { Store } from '../store/store.js';

/**
 * The settings that change what a stored trial means: the seed, the agent's mode and step limit, and what
 * each model is asked with. Pacing and retry settings (concurrency, rpm, timeouts, attempts) may change
 * between invocations of one run.
 */
function fingerprint(config: ExperimentConfig, models: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = { seed: stableStringify(config.seed), agent: stableStringify({ mode: config.agent.mode, maxSteps: config.agent.maxSteps }) };
  for (const model of config.models) {
    if (!models.has(model.id)) continue;
    const { label: _label, concurrency: _concurrency, apiKeyEnv: _key, ...meaning } = model as Record<string, unknown>;
    delete meaning.rpm;
    delete meaning.tpm;
    // Streamed or not, the stored turn is the same.
    delete meaning.stream;
    out[`models[${model.id}]`] = stableStringify(meaning);
  }
  return out;
}

function storedExperiment(config: unknown): ExperimentConfig | undefined {
  const experiment = (config as { experiment?: unknown } | null)?.experiment;
  if (typeof experiment !== 'object' || experiment === null) return undefined;
  const e = experiment as Partial<ExperimentConfig>;
  return Array.isArray(e.models) && typeof e.agent === 'object' ? (experiment as ExperimentConfig) : undefined;
}

/** The first setting where two configs of one run differ (for models both list), or null. */
export function settingsDifference(stored: ExperimentConfig, current: ExperimentConfig): string | null {
  const shared = new Set(stored.models.map((m) => m.id).filter((id) => current.models.some((m) => m.id === id)));
  const a = fingerprint(stored, shared);
  const b = fingerprint(current, shared);
  for (const key of Object.keys(b)) if (a[key] !== b[key]) return `${key}: ${a[key] ?? 'unset'} → ${b[key]}`;
  return null;
}

/** Refuses to mix settings within one run name: the hint every such error carries. */
export function settingsConflict(runId: string, difference: string): ConfigError {
  return new ConfigError('name', `run "${runId}" is stored with different settings (${difference})`, {
    hint: 'give the experiment a new name to start a separate run, or restore the old settings to resume',
  });
}

/** How often a running process re-reads the stored run to see whether another process changed it. */
const RECHECK_MS = 1000;

/**
 * Before trials are saved, checks (at most once a second) that the stored run still has this process's
 * settings: a second process started on the same run name with other settings would otherwise mix its
 * trials with ours. Throws the ConfigError that stops the run.
 */
/** Refuses to start when the stored run was made with other settings (the seed included). */
export async function checkStoredSettings(store: Store, runId: string, config: ExperimentConfig): Promise<void> {
  const stored = storedExperiment((await store.getRun(runId))?.config);
  const difference = stored ? settingsDifference(stored, config) : null;
  if (difference) throw settingsConflict(runId, difference);
}

export function createSettingsGuard(store: Store, runId: string, config: ExperimentConfig): () => Promise<void> {
  let checkedAt = -Infinity;
  return async () => {
    const now = performance.now();
    if (now - checkedAt < RECHECK_MS) return;
    checkedAt = now;
    await checkStoredSettings(store, runId, config);
  };
}
