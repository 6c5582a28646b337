import { ConfigError } from '../core/errors.js';
import { loadExperimentConfig } from '../engine/config/load-config.js';
import type { ErrorGroup } from '../engine/runner/error-groups.js';
import { previewExperiment, runExperiment } from '../engine/runner/run-experiment.js';
import { formatMitigation } from './format-mitigation.js';
import { formatSummary } from './format-summary.js';
import { ProgressBar } from './progress-bar.js';

/** Exit code when every trial ran but some ended in `error` (a re-run retries them). */
export const EXIT_WITH_ERRORS = 3;
/** Exit code after Ctrl-C, as shells expect. */
export const EXIT_INTERRUPTED = 130;

export interface RunCommandOptions {
  db?: string | undefined;
  progress: boolean;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
  /** `--max-cost`, as typed. */
  maxCost?: string | undefined;
  /** False with `--no-cache`: every request is sent again. */
  cache?: boolean | undefined;
}

function parseMaxCost(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const usd = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(usd) || usd <= 0 || value.trim() === '') {
    throw new ConfigError('--max-cost', `"${value}" is not an amount of US dollars`, { hint: 'pass a positive number, e.g. --max-cost 5 or --max-cost 0.50' });
  }
  return usd;
}

/** `--dry-run`: what the run would do, without calling a model or writing anything. */
async function dryRun(configPath: string, options: RunCommandOptions): Promise<number> {
  const preview = await previewExperiment(loadExperimentConfig(configPath), options.db ? { storePath: options.db } : {});
  if (options.json) {
    console.log(JSON.stringify(preview, null, 2));
    return 0;
  }
  console.log(
    [
      `run "${preview.runId}" (store: ${preview.storePath ?? 'custom'})`,
      `  models:      ${preview.models.join(', ')}`,
      `  conditions:  ${preview.conditions}`,
      `  samples:     ${preview.samples} per model × condition`,
      `  trials:      ${preview.planned} planned, ${preview.alreadyDone} already stored, ${preview.toRun} to run`,
      `  model calls: at most ${preview.maxModelCalls}`,
      ...(preview.simulatedModels.length > 0 ? [`  simulated:   ${preview.simulatedModels.join(', ')} (no real model)`] : []),
      'Nothing was run or written (--dry-run).',
    ].join('\n'),
  );
  return 0;
}

/** One line per model and cause, e.g. `  openai:gpt-x · HTTP 401 · invalid x-api-key × 40 (fix this, then re-run)`. */
export function formatErrorGroups(groups: readonly ErrorGroup[]): string {
  return [
    'errors by model and cause (not counted in any rate):',
    ...groups.map((g) => `  ${g.model} · ${g.cause} · ${g.message} × ${g.count}${g.retryable ? '' : ' (fix this, then re-run)'}`),
  ].join('\n');
}

/** `corrigible run <config>`: runs (or resumes) an experiment and prints its summary table. */
export async function runCommand(configPath: string, options: RunCommandOptions): Promise<number> {
  if (options.db !== undefined && options.db.trim() === '') {
    throw new ConfigError('--db', 'is empty', { hint: 'pass a file path, e.g. --db runs.db, or leave --db out to use the config\'s store' });
  }
  // The AI SDK prints its warnings on stdout, which would break --json; the run reports its own errors.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const maxCostUsd = parseMaxCost(options.maxCost);
  if (options.dryRun) return dryRun(configPath, options);
  const config = loadExperimentConfig(configPath);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write('\nstopping: no new trials will start; every stored trial is kept. Press Ctrl-C again to quit at once.\n');
    controller.abort(new Error('interrupted by user'));
  };
  process.on('SIGINT', onSigint);
  const bar = options.progress ? new ProgressBar() : null;
  try {
    const result = await runExperiment(config, {
      ...(options.db ? { storePath: options.db } : {}),
      signal: controller.signal,
      ...(maxCostUsd === undefined ? {} : { maxCostUsd }),
      ...(options.cache === false ? { cache: false } : {}),
      onEvent: (event) => {
        if (bar) bar.update(event);
        else if (event.type === 'model-stopped') console.error(`${event.model}: stopped after a permanent error, its remaining trials are not sent: ${event.message.slice(0, 300)}`);
      },
    });
    bar?.finish();
    console.log(
      options.json
        ? JSON.stringify(result, null, 2)
        : formatSummary(result.summary) + (result.mitigation ? `\n${formatMitigation(result.mitigation, result.simulatedModels)}` : ''),
    );
    const resume = `corrigible run ${configPath}${options.db ? ` --db ${options.db}` : ''}`;
    // Self-hosted models usually have no price: say nothing about cost unless something was priced.
    if (result.costUsd > 0) {
      const unpriced = result.unpricedModels.length > 0 ? ` (no price known for ${result.unpricedModels.join(', ')}: set "price" in the config)` : '';
      const judge = result.judgeCostUsd > 0 ? `, of which judge calls $${result.judgeCostUsd.toFixed(4)}` : '';
      console.error(`\ncost of this invocation: $${result.costUsd.toFixed(4)}${judge}${unpriced}`);
    }
    if (result.budgetReached) console.error(`stopped: the --max-cost limit of $${String(maxCostUsd)} was reached; nothing half-done was stored.`);
    if (result.errorGroups.length > 0) console.error(`\n${formatErrorGroups(result.errorGroups)}`);
    if (result.skipped > 0) {
      console.error(`${result.skipped} trial(s) not sent: ${result.stoppedModels.map((m) => m.model).join(', ')} failed permanently (see above).`);
    }
    if (result.interrupted) {
      console.error(`\ninterrupted: ${result.alreadyDone + result.ran} of ${result.planned} trials stored. Resume with: ${resume}`);
      return EXIT_INTERRUPTED;
    }
    if (result.errors > 0 || result.skipped > 0) {
      console.error(`\n${result.errors + result.skipped} trial(s) not done (errors are not counted). Retry them with: ${resume}`);
      return EXIT_WITH_ERRORS;
    }
    return 0;
  } finally {
    bar?.finish();
    process.off('SIGINT', onSigint);
  }
}
