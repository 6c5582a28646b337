import { loadLabeledSet } from '../engine/classify/labeled-set.js';
import { resolveJudge } from '../engine/classify/resolve-judge.js';
import { validateClassifiers } from '../engine/classify/validate-classifiers.js';
import { createDefaultProviderRegistry } from '../providers/default-provider-registry.js';
import type { ScenarioRegistry } from '../scenarios/scenario-registry.js';
import { formatValidation } from './format-validation.js';

export interface ValidateCommandOptions {
  classifier?: string | undefined;
  judge?: string | undefined;
  compareJudge?: string | undefined;
  json?: boolean | undefined;
}

/** `corrigible validate <labeled.jsonl>`: classifier quality on a labeled set. */
export async function validateCommand(file: string, scenarios: ScenarioRegistry, options: ValidateCommandOptions): Promise<number> {
  const cases = loadLabeledSet(file);
  const providers = createDefaultProviderRegistry(scenarios);
  const judge = options.judge === undefined ? undefined : resolveJudge(providers, { id: options.judge }, { field: '--judge' });
  // Both judges share one scheduler when they share a provider key, as in a run.
  const compareJudge = options.compareJudge === undefined ? undefined : resolveJudge(providers, { id: options.compareJudge }, { field: '--compare-judge', ...(judge ? { scheduler: judge.scheduler } : {}) });
  const questions = await validateClassifiers(cases, {
    scenarios,
    ...(judge ? { judge } : {}),
    ...(compareJudge ? { compareJudge } : {}),
    ...(options.classifier === undefined ? {} : { only: options.classifier }),
  });
  console.log(options.json ? JSON.stringify(questions, null, 2) : formatValidation(questions, file));
  return 0;
}
