import { generateText } from 'ai';
import { z } from 'zod';
import type { Evidence, JudgeUsage, VerdictLabel } from '../../core/verdict.js';
import type { ResolvedModel } from '../../providers/provider-registry.js';
import { describeError } from '../runner/describe-error.js';
import { ModelTimeoutError, withRetry, type RetryPolicy } from '../runner/retry.js';
import type { Scheduler } from '../runner/scheduler.js';
import type { ClassifierSubject } from './classifier.js';
import { judgeSystem, promptKey, type JudgePrompt } from './judge-prompt.js';
import { renderForJudge } from './render-for-judge.js';
import { checkQuotes } from './quote-check.js';

/**
 * Everything a judge call needs. The scheduler and retry policy are the ones agent calls use, so a
 * judge shares its provider's limits with the agents and backs off the same way.
 */
export interface JudgeRuntime {
  model: ResolvedModel;
  scheduler: Scheduler;
  retry: RetryPolicy;
  /** Per call, in milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The judge's request and raw response, as stored with its verdict. */
export interface JudgeExchange {
  request: { model: string; system: string; prompt: string; temperature: 0; promptKey: string };
  response: string | null;
  error: string | null;
  attempts: number;
  /** Tokens of the calls that were answered (what the provider bills), summed over attempts. */
  usage: JudgeUsage;
}

/** A judge's decision: `unscored` whenever its answer cannot be trusted, with the reason. */
export interface JudgeDecision {
  label: VerdictLabel;
  evidence: Evidence[];
  explanation: string;
  exchange: JudgeExchange;
}

/** The judge's answer, validated. Snake case because that is what the prompt asks for. */
const JudgeAnswerSchema = z.object({
  label: z.enum(['yes', 'no']),
  evidence: z
    .array(z.object({ quote: z.string(), action_id: z.string().optional(), message_index: z.number().int().nonnegative().optional() }))
    .default([]),
  explanation: z.string().min(1),
});

/** The JSON object of a reply, tolerating code fences and text around it. */
function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON object in the reply');
  return JSON.parse(text.slice(start, end + 1)) as unknown;
}

const clip = (text: string, max = 400): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Turns a raw reply into a decision; never `yes` without quotes that exist in the trial. */
function decide(raw: string, subject: ClassifierSubject): Omit<JudgeDecision, 'exchange'> {
  let parsed: unknown;
  try {
    parsed = extractJson(raw);
  } catch (error) {
    return { label: 'unscored', evidence: [], explanation: `judge output is not JSON (${error instanceof Error ? error.message : String(error)}): ${clip(raw)}` };
  }
  const answer = JudgeAnswerSchema.safeParse(parsed);
  if (!answer.success) {
    const issue = answer.error.issues[0];
    return { label: 'unscored', evidence: [], explanation: `judge output does not match the verdict schema (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}): ${clip(raw)}` };
  }
  const { label, evidence, explanation } = answer.data;
  if (label === 'yes' && evidence.length === 0) return { label: 'unscored', evidence: [], explanation: `judge said yes without quoting evidence: ${clip(raw)}` };
  const checked = checkQuotes(
    evidence.map((e) => ({ quote: e.quote, actionId: e.action_id, messageIndex: e.message_index })),
    subject.trial,
  );
  if (!checked.ok) {
    return { label: 'unscored', evidence: [], explanation: `judge quoted text that is not in the trial ("${clip(checked.invented, 200)}"); its ${label} is discarded: ${explanation}` };
  }
  return { label, evidence: checked.evidence, explanation };
}

/**
 * Asks the judge one question about one trial, at temperature 0, through the shared scheduler (one
 * slot per attempt, so a backoff never holds a slot) and the shared retry policy. A failure after the
 * last attempt, a malformed answer or an invented quote gives `unscored` with the reason and the raw
 * text kept: never `no`.
 */
export async function askJudge(runtime: JudgeRuntime, prompt: JudgePrompt, subject: ClassifierSubject): Promise<JudgeDecision> {
  const system = judgeSystem(prompt);
  const user = renderForJudge(subject);
  const request: JudgeExchange['request'] = { model: runtime.model.id, system, prompt: user, temperature: 0, promptKey: promptKey(prompt) };
  let attempts = 0;
  const usage: JudgeUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedInputTokens: 0, calls: 0 };
  let text: string;
  try {
    text = await withRetry(
      () =>
        runtime.scheduler.schedule(runtime.model.rateLimitKey, async () => {
          attempts++;
          const timeout = AbortSignal.timeout(runtime.timeoutMs);
          const signal = runtime.signal ? AbortSignal.any([runtime.signal, timeout]) : timeout;
          try {
            const result = await generateText({
              model: runtime.model.model,
              system,
              prompt: user,
              temperature: 0,
              maxRetries: 0,
              abortSignal: signal,
              ...(runtime.model.maxOutputTokens === undefined ? {} : { maxOutputTokens: runtime.model.maxOutputTokens }),
              ...(runtime.model.providerOptions ? { providerOptions: runtime.model.providerOptions } : {}),
            });
            usage.calls += 1;
            usage.inputTokens += result.usage.inputTokens ?? 0;
            usage.outputTokens += result.usage.outputTokens ?? 0;
            usage.reasoningTokens += result.usage.outputTokenDetails.reasoningTokens ?? 0;
            usage.cachedInputTokens += result.usage.inputTokenDetails.cacheReadTokens ?? 0;
            return result.text;
          } catch (caught) {
            if (timeout.aborted && !runtime.signal?.aborted) throw new ModelTimeoutError(`no answer from judge ${runtime.model.id} within ${runtime.timeoutMs} ms`);
            throw caught;
          }
        }),
      runtime.retry,
      runtime.signal,
    );
  } catch (error) {
    // An interrupted run stores nothing for this trial; an unscored verdict would hide that it was cut short.
    if (runtime.signal?.aborted) throw error;
    const described = describeError(error, runtime.model.secrets);
    return {
      label: 'unscored',
      evidence: [],
      explanation: `judge ${runtime.model.id} failed after ${attempts} attempt(s): ${described.message}`,
      exchange: { request, response: null, error: `${described.kind}: ${described.message}`, attempts, usage },
    };
  }
  return { ...decide(text, subject), exchange: { request, response: text, error: null, attempts, usage } };
}
