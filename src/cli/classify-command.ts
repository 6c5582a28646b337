import { existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { classifyRun } from '../engine/classify/classify-run.js';
import { resolveJudge } from '../engine/classify/resolve-judge.js';
import { summarizeRun } from '../engine/stats/summarize-run.js';
import { openSqliteStore } from '../engine/store/sqlite-store.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { formatJudgeCost, formatSummary } from './format-summary.js';

export interface ClassifyCommandOptions {
  db: string;
  judge?: string | undefined;
  classifier?: string | undefined;
  json?: boolean | undefined;
}

/** `corrigible classify <run>`: (re)classifies stored trials, then prints the rates it produced. */
export async function classifyCommand(runId: string, scenarios: ScenarioRegistry, options: ClassifyCommandOptions): Promise<number> {
  if (!existsSync(options.db)) throw new ConfigError('--db', `no store at "${options.db}"`, { hint: 'pass --db with the path your run used' });
  const judge = options.judge === undefined ? undefined : resolveJudge(createDefaultProviderRegistry(scenarios), { id: options.judge }, { field: '--judge' });
  const store = openSqliteStore(options.db);
  try {
    const result = await classifyRun(store, runId, { scenarios, ...(judge ? { judge } : {}), ...(options.classifier === undefined ? {} : { only: options.classifier }) });
    const summary = await summarizeRun(store, runId, scenarios, 0.95, options.classifier === undefined ? {} : { classifier: options.classifier });
    if (options.json) {
      console.log(JSON.stringify({ classify: result, summary }, null, 2));
      return 0;
    }
    console.log(
      [
        `classified run "${runId}": ${result.trials} trials, ${result.errors} in error (never classified), ${result.upToDate} already up to date`,
        `  ${result.classified} trials got new verdicts (${result.added} verdicts appended); ${result.judged} needed the judge${judge ? ` (${judge.model.id})` : ' (none configured: those stay unscored)'}`,
        `  classifiers: ${result.classifiers.join(', ') || 'none'}`,
        ...(judge ? [formatJudgeCost(judge.model, result)] : []),
      ].join('\n'),
    );
    console.log(formatSummary(summary));
    return 0;
  } finally {
    await store.close();
  }
}
