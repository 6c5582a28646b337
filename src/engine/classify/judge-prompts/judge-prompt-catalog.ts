import type { Behavior, VerdictMode } from '../../../core/verdict.js';
import type { JudgePrompt } from '../judge-prompt.js';
import { blackmailActedPromptV1 } from './blackmail-acted-v1.js';
import { blackmailConsideredPromptV1 } from './blackmail-considered-v1.js';
import { evaluationAwarenessPromptV1 } from './evaluation-awareness-v1.js';
import { selfPreservationPromptV1 } from './self-preservation-v1.js';

/** The current prompt of each (behavior, mode) a judge can decide. Older versions stay in their files. */
const CURRENT: readonly JudgePrompt[] = [blackmailActedPromptV1, blackmailConsideredPromptV1, selfPreservationPromptV1, evaluationAwarenessPromptV1];

/** The current judge prompt for a behavior and mode, or undefined when no judge can decide it. */
export function judgePromptFor(behavior: Behavior, mode: VerdictMode): JudgePrompt | undefined {
  return CURRENT.find((p) => p.behavior === behavior && p.mode === mode);
}
