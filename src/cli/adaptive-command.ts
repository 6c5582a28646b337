import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { runAdaptive, type AdaptiveResult } from '../engine/adaptive/run-adaptive.js';
import { loadExperimentConfig } from '../engine/config/load-config.js';
import { formatSummary } from './format-summary.js';

/** The adaptive flags of `corrigible run`, as commander hands them over (strings). */
export interface AdaptiveFlags {
  untilCi?: string | undefined;
  maxSamples?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
  /** False with `--no-cache`. */
  cache?: boolean | undefined;
}

const HalfWidthSchema = z.coerce.number().gt(0).lt(0.5);
const MaxSamplesSchema = z.coerce.number().int().min(1).max(100_000);

/**
 * Reads `--until-ci` / `--max-samples`. Returns null when neither is given (a fixed-design run).
 * @throws ConfigError naming the flag.
 */
export function parseAdaptiveFlags(flags: AdaptiveFlags): { halfWidth: number; maxSamples: number | null } | null {
  if (flags.untilCi === undefined) {
    if (flags.maxSamples !== undefined) throw new ConfigError('--max-samples', 'only applies with --until-ci', { hint: 'add --until-ci 0.05 (the interval half-width to reach), or drop --max-samples' });
    return null;
  }
  const halfWidth = HalfWidthSchema.safeParse(flags.untilCi);
  if (!halfWidth.success) throw new ConfigError('--until-ci', `"${flags.untilCi}" is not a half-width between 0 and 0.5`, { hint: 'e.g. --until-ci 0.05 for ±5 percentage points' });
  if (flags.maxSamples === undefined) return { halfWidth: halfWidth.data, maxSamples: null };
  const maxSamples = MaxSamplesSchema.safeParse(flags.maxSamples);
  if (!maxSamples.success) throw new ConfigError('--max-samples', `"${flags.maxSamples}" is not a whole number from 1 to 100000`, { hint: 'e.g. --max-samples 400' });
  return { halfWidth: halfWidth.data, maxSamples: maxSamples.data };
}

function describe(result: AdaptiveResult): string {
  const capped = result.cells.filter((c) => c.capped).length;
  const share = result.fixedDesignTrials === 0 ? 0 : (100 * result.saved) / result.fixedDesignTrials;
  return [
    `adaptive sampling (until ±${result.rule.halfWidth} at ${Math.round(result.rule.confidence * 100)}%, at most ${result.rule.maxSamples} per cell): ${result.trials} trials in ${result.rounds} round(s)`,
    `  the fixed design would have run ${result.fixedDesignTrials}: saved ${result.saved} (${share.toFixed(1)}%)`,
    ...(capped > 0 ? [`  ${capped} cell(s) reached --max-samples before their interval was that narrow`] : []),
  ].join('\n');
}

/** `corrigible run <config> --until-ci <h> [--max-samples N]`. Returns the exit code (130 after Ctrl-C). */
export async function adaptiveRunCommand(configPath: string, adaptive: { halfWidth: number; maxSamples: number | null }, flags: AdaptiveFlags): Promise<number> {
  const config = loadExperimentConfig(configPath);
  const maxSamples = adaptive.maxSamples ?? config.samples;
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: no new trials will start; every stored trial is kept. Press Ctrl-C again to quit at once.\n');
    controller.abort(new Error('interrupted by user'));
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runAdaptive(
      config,
      { halfWidth: adaptive.halfWidth, maxSamples, initialSamples: Math.min(10, maxSamples), confidence: 0.95 },
      { ...(flags.db ? { storePath: flags.db } : {}), ...(flags.cache === false ? { cache: false } : {}), signal: controller.signal },
    );
    console.log(flags.json ? JSON.stringify(result, null, 2) : `${formatSummary(result.summary)}\n\n${describe(result)}`);
    const resume = `corrigible run ${configPath}${flags.db ? ` --db ${flags.db}` : ''} --until-ci ${adaptive.halfWidth} --max-samples ${maxSamples}`;
    if (result.interrupted) {
      console.error(`\ninterrupted after ${result.trials} trials. Continue with: ${resume}`);
      return 130;
    }
    if (result.errors > 0) {
      console.error(`\n${result.errors} trial(s) ended in error and are not counted. Retry them with: ${resume}`);
      return 3;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
