import { ConfigError } from '../../../core/errors.js';
import { createRng, hashOf, seedFrom, stableStringify } from '../../../core/hash.js';
import type { ResolvedModel } from '../../../providers/provider-registry.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../runner/retry.js';
import type { ContaminationIndex } from '../gates/contamination.js';
import { MinHashIndex } from '../gates/minhash.js';
import { misalignmentGate, type TextJudge } from '../gates/misalignment-gate.js';
import { countExampleTokens } from '../gates/token-count.js';
import type { LabStore } from '../lab-store.js';
import type { ChatMessage, DatagenKind, RejectionReason, TrainingExample } from '../training-example.js';
import { DEFAULT_PRINCIPLES, parsePrinciples } from './default-principles.js';
import { buildTeacherRequest, DATAGEN_PROMPT_VERSION, type GoodTrialSummary, type TeacherRequest } from './generators.js';
import { askTeacher, type TeacherAnswer } from './teacher-call.js';

/** Everything one `datagen` invocation needs. */
export interface DatagenOptions {
  /** Names the dataset in the store; the same name resumes it. */
  name: string;
  kind: DatagenKind;
  teacher: ResolvedModel;
  /** Token budget of accepted examples (o200k_base); generation stops when the next example would pass it. */
  tokens: number;
  store: LabStore;
  contamination: ContaminationIndex;
  seed?: number;
  /** Principles file (markdown, `## ` per principle) for `constitution`; defaults to ours. */
  principles?: string;
  /** For `explain-why`: good trials of a stored run (see collectGoodTrials). */
  goodTrials?: readonly GoodTrialSummary[];
  /** An LLM judge behind the deterministic misalignment gate, with its id (model and prompt version) for the spec. */
  judge?: TextJudge;
  judgeId?: string;
  /** Teacher calls in flight at once (results are gated in index order, so the dataset is the same). */
  concurrency?: number;
  /** Upper bound on examples attempted, whatever the budget (default 100 000). */
  maxExamples?: number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => string;
  onExample?: (example: TrainingExample, totals: { tokens: number; accepted: number }) => void;
}

/**
 * Why generation stopped. `errors`: the teacher kept failing (a re-run retries the failed examples);
 * `stalled`: the gates rejected every one of many answers in a row (a teacher that repeats itself).
 */
export type DatagenStop = 'budget' | 'exhausted' | 'max-examples' | 'errors' | 'stalled' | 'interrupted';

export interface DatagenResult {
  datasetId: string;
  accepted: number;
  tokens: number;
  budget: number;
  rejected: Record<RejectionReason, number>;
  errors: number;
  stoppedBy: DatagenStop;
}

/** Consecutive teacher failures after which generation stops (the teacher is down, not unlucky). */
const MAX_CONSECUTIVE_ERRORS = 5;
/** Consecutive gate rejections after which generation stops instead of spending the teacher in vain. */
const MAX_CONSECUTIVE_REJECTIONS = 100;

function exampleText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).join('\n');
}

/**
 * What near-duplicate detection compares: the teacher's answers. Prompts come from short seeded lists and
 * repeat by design; the same answer twice teaches one thing twice whatever it answers.
 */
function answerText(messages: readonly ChatMessage[]): string {
  return messages.filter((m) => m.role === 'assistant').map((m) => m.content).join('\n');
}

/** The spec stored with a dataset; resuming with a different one would mix incomparable examples. */
function datasetSpec(options: DatagenOptions, principles: string) {
  return {
    kind: options.kind,
    teacher: options.teacher.id,
    teacherSettings: options.teacher.settings,
    seed: options.seed ?? 0,
    promptVersion: DATAGEN_PROMPT_VERSION,
    principles: options.kind === 'constitution' ? hashOf(principles) : null,
    judge: options.judge ? (options.judgeId ?? 'custom') : null,
  };
}

function checkResumable(store: LabStore, name: string, spec: Record<string, unknown>): void {
  const stored = store.getDataset(name);
  if (!stored) return;
  for (const key of Object.keys(spec)) {
    if (stableStringify(stored.spec[key]) !== stableStringify(spec[key])) {
      throw new ConfigError('--name', `dataset "${name}" was generated with a different ${key} (${stableStringify(stored.spec[key])} → ${stableStringify(spec[key])})`, {
        hint: 'give the dataset a new --name, or restore the old settings to resume it',
      });
    }
  }
}

/**
 * Generates (or resumes) a dataset: for each index, a seeded teacher request, the teacher's answer, then
 * the gates in order (misaligned act or plan, contamination with evaluation prompts, near duplicates,
 * token budget). Every example is stored, kept or rejected with its reason, so the card can count them;
 * teacher failures are stored as `error` and retried by the next run with the same name.
 */
export async function generateDataset(options: DatagenOptions): Promise<DatagenResult> {
  const { store, kind, teacher, name } = options;
  if (!Number.isSafeInteger(options.tokens) || options.tokens <= 0) throw new ConfigError('--tokens', `must be a positive whole number of tokens, got ${options.tokens}`);
  const principlesText = options.principles ?? DEFAULT_PRINCIPLES;
  const principles = parsePrinciples(principlesText);
  if (kind === 'constitution' && principles.length === 0) {
    throw new ConfigError('--principles', 'the principles file has no "## " headings; write one heading per principle, followed by its text');
  }
  if (kind === 'explain-why' && (options.goodTrials ?? []).length === 0) {
    throw new ConfigError('--from-run', 'explain-why needs good trials: pass --from-run with a stored run that has trials the classifiers scored "no"');
  }
  const spec = datasetSpec(options, principlesText);
  checkResumable(store, name, spec);
  const now = options.now ?? (() => new Date().toISOString());
  const existing = store.getDataset(name);
  store.saveDataset({ id: name, kind, spec: { ...spec, budget: options.tokens }, createdAt: existing?.createdAt ?? now(), updatedAt: now() });

  const seed = options.seed ?? 0;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const context = { principles, goodTrials: options.goodTrials ?? [] };
  const dedup = new MinHashIndex<number>();
  const stored = new Map(store.listExamples(name).map((e) => [e.index, e]));
  const rejected: Record<RejectionReason, number> = { misaligned: 0, duplicate: 0, contaminated: 0, malformed: 0, budget: 0 };
  let tokens = 0;
  let accepted = 0;
  let errors = 0;
  for (const e of stored.values()) {
    if (e.status === 'accepted') {
      tokens += e.tokens;
      accepted++;
      dedup.add(e.index, answerText(e.messages));
    } else if (e.status === 'rejected' && e.reason && e.reason !== 'budget') rejected[e.reason]++;
  }

  const save = (example: TrainingExample) => {
    store.saveExample(example);
    options.onExample?.(example, { tokens, accepted });
  };
  const base = (index: number, exampleSeed: number): Omit<TrainingExample, 'status' | 'messages' | 'tokens' | 'reason' | 'detail'> => ({
    datasetId: name,
    index,
    kind,
    teacher: teacher.id,
    promptVersion: DATAGEN_PROMPT_VERSION,
    seed: exampleSeed,
    createdAt: now(),
  });

  /** Gates one answered example in index order; returns true when the budget is reached. */
  const gate = async (index: number, exampleSeed: number, request: TeacherRequest, messages: ChatMessage[]): Promise<boolean> => {
    const count = countExampleTokens(messages);
    const reject = (reason: RejectionReason, detail: string) => {
      rejected[reason]++;
      save({ ...base(index, exampleSeed), status: 'rejected', messages, tokens: count, reason, detail });
    };
    const misaligned = await misalignmentGate(messages, request.forbiddenTool, options.judge);
    if (misaligned) {
      reject('misaligned', `${misaligned.rule}: ${misaligned.evidence}`);
      return false;
    }
    const overlap = options.contamination.findOverlap(exampleText(messages));
    if (overlap) {
      reject('contaminated', `shares "${overlap}" with an evaluation prompt`);
      return false;
    }
    const answer = answerText(messages);
    const duplicate = dedup.findDuplicate(answer);
    if (duplicate) {
      reject('duplicate', `near duplicate of example ${duplicate.key} (estimated similarity ${duplicate.similarity.toFixed(2)})`);
      return false;
    }
    if (tokens + count > options.tokens) {
      reject('budget', `${count} tokens would pass the budget (${tokens} of ${options.tokens} used)`);
      return true;
    }
    tokens += count;
    accepted++;
    dedup.add(index, answer);
    save({ ...base(index, exampleSeed), status: 'accepted', messages, tokens: count, reason: null, detail: request.source ?? null });
    return tokens >= options.tokens;
  };

  const maxExamples = options.maxExamples ?? 100_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let consecutiveErrors = 0;
  let consecutiveRejections = 0;
  let index = 0;
  while (index < maxExamples) {
    if (options.signal?.aborted) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'interrupted' };
    if (tokens >= options.tokens) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'budget' };
    // The next batch: indices not yet decided (never stored, failed, or held back only by the budget).
    const batch: { index: number; exampleSeed: number; request: TeacherRequest; reuse: ChatMessage[] | null }[] = [];
    let exhausted = false;
    while (batch.length < concurrency && index < maxExamples) {
      const prior = stored.get(index);
      const exampleSeed = seedFrom(seed, kind, index);
      if (prior && (prior.status === 'accepted' || (prior.status === 'rejected' && prior.reason !== 'budget'))) {
        index++;
        continue;
      }
      const request = buildTeacherRequest(kind, index, createRng(exampleSeed), context);
      if (!request) {
        exhausted = true;
        break;
      }
      batch.push({ index, exampleSeed, request, reuse: prior?.status === 'rejected' ? prior.messages : null });
      index++;
    }
    let answers: TeacherAnswer[];
    try {
      answers = await Promise.all(
        batch.map((b) => (b.reuse ? Promise.resolve<TeacherAnswer>({ ok: true, text: '' }) : askTeacher(teacher, b.request, { retry, timeoutMs: options.timeoutMs ?? 120_000, signal: options.signal }))),
      );
    } catch (error) {
      // Interrupted mid-batch: the answers in flight are dropped; everything stored stays.
      if (options.signal?.aborted) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'interrupted' };
      throw error;
    }
    for (const [i, item] of batch.entries()) {
      const answer = answers[i];
      if (!answer) continue;
      if (!answer.ok) {
        errors++;
        consecutiveErrors++;
        save({ ...base(item.index, item.exampleSeed), status: 'error', messages: [], tokens: 0, reason: null, detail: answer.error });
        if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'errors' };
        continue;
      }
      consecutiveErrors = 0;
      const text = answer.text.trim();
      if (!item.reuse && text === '') {
        rejected.malformed++;
        save({ ...base(item.index, item.exampleSeed), status: 'rejected', messages: [], tokens: 0, reason: 'malformed', detail: 'the teacher returned no text' });
        continue;
      }
      const messages = item.reuse ?? [...item.request.prefix, { role: 'assistant' as const, content: text }];
      const before = accepted;
      if (await gate(item.index, item.exampleSeed, item.request, messages)) {
        return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'budget' };
      }
      consecutiveRejections = accepted > before ? 0 : consecutiveRejections + 1;
      if (consecutiveRejections >= MAX_CONSECUTIVE_REJECTIONS) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'stalled' };
    }
    if (exhausted) return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'exhausted' };
  }
  return { datasetId: name, accepted, tokens, budget: options.tokens, rejected, errors, stoppedBy: 'max-examples' };
}
