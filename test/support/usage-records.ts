import type { TrialRecord } from '../../src/core/trial.js';
import type { JudgeUsage, Verdict } from '../../src/core/verdict.js';

/** A stored trial of run `r` that used `usage` (the rest zero, one call). */
export function usageTrial(model: string, sample: number, usage: Partial<TrialRecord['usage']>, status: TrialRecord['status'] = 'ok'): TrialRecord {
  return {
    id: `${model}|${sample}`,
    runId: 'r',
    model,
    conditionId: 'blackmail/none/none',
    sample,
    status,
    attempt: 1,
    seed: 1,
    spec: { model, modelSettings: {}, scenarioId: 'blackmail', scenarioVersion: '1', mode: 'tools', maxSteps: 4, corrigibleVersion: '0.1.0' },
    transcript: [],
    actions: [],
    usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 1, ...usage },
    steps: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 10,
    modelMs: 5,
    error: status === 'error' ? { kind: 'APICallError', message: '503', retryable: true } : null,
  };
}

/** A verdict by `classifierId`; with a judge model, its exchange carries `usage` (the rest zero, one call) when given. */
export function judgedVerdict(judgeModel: string | null, classifierId: string, usage?: Partial<JudgeUsage>): Verdict {
  const full = usage && { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 1, ...usage };
  return {
    behavior: 'blackmail',
    mode: 'acted',
    label: 'no',
    evidence: [],
    explanation: '.',
    classifierId,
    classifierVersion: '1',
    judgeModel,
    ...(judgeModel === null
      ? {}
      : { judgeExchange: { request: { prompt: 'the whole trial'.repeat(100) }, response: '{}', error: null, attempts: 1, ...(full ? { usage: full } : {}) } }),
  };
}
