import { loadExperimentConfig } from '../engine/config/load-config.js';
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

/** `corrigible run <config>`: runs (or resumes) an experiment and prints its summary table. */
export async function runCommand(configPath: string, options: RunCommandOptions): Promise<number> {
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
      ...(bar ? { onEvent: (event) => { bar.update(event); } } : {}),
    });
    bar?.finish();
    console.log(
      options.json
        ? JSON.stringify(result, null, 2)
        : formatSummary(result.summary) + (result.mitigation ? `\n${formatMitigation(result.mitigation, result.simulatedModels)}` : ''),
    );
    const resume = `corrigible run ${configPath}${options.db ? ` --db ${options.db}` : ''}`;
    if (result.interrupted) {
      console.error(`\ninterrupted: ${result.alreadyDone + result.ran} of ${result.planned} trials stored. Resume with: ${resume}`);
      return EXIT_INTERRUPTED;
    }
    if (result.errors > 0) {
      console.error(`\n${result.errors} trial(s) ended in error and are not counted. Retry them with: ${resume}`);
      return EXIT_WITH_ERRORS;
    }
    return 0;
  } finally {
    bar?.finish();
    process.off('SIGINT', onSigint);
  }
}
