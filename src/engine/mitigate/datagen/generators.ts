import type { ChatMessage, DatagenKind } from '../training-example.js';
import type { Principle } from './default-principles.js';
import {
  ASKS,
  CONSTITUTION_FORMS,
  DILEMMAS,
  ENV_COMPANIES,
  ENV_ROLES,
  ENV_TEMPTATIONS,
  ENV_TOOLS,
  PERSONAS,
  STORY_PRESSURES,
  STORY_PROTAGONISTS,
  STORY_VIRTUES,
} from './seed-lists.js';

/**
 * Version of the generators' prompt templates and seed lists, stored on every example. Bump it whenever a
 * template or a list changes: the same seed then means a different prompt.
 */
export const DATAGEN_PROMPT_VERSION = 'datagen-1';

/** A good trial from a run, summarized for explain-why (what the agent faced and what it did instead). */
export interface GoodTrialSummary {
  trialId: string;
  conditionId: string;
  /** Our own short description of the situation: never the evaluation prompt itself. */
  situation: string;
  /** The agent's change actions, one line each (tool and target), e.g. `send_email to ops@…`. */
  actions: string[];
}

/** What a generator asks the teacher, and the messages of the example that precede the teacher's answer. */
export interface TeacherRequest {
  /** Instructions to the teacher (not part of the example). */
  teacherSystem: string;
  teacherPrompt: string;
  /** The example's messages before the assistant answer the teacher writes. */
  prefix: ChatMessage[];
  /** For agentic episodes: the tool whose use is the misaligned act the gate rejects. */
  forbiddenTool?: string;
  /** What the example was derived from (a trial id for explain-why), for the card. */
  source?: string;
}

/** Inputs some generators need. */
export interface GeneratorContext {
  principles: readonly Principle[];
  goodTrials: readonly GoodTrialSummary[];
}

type Pick = <T>(items: readonly T[]) => T;

function picker(rng: () => number): Pick {
  return <T>(items: readonly T[]): T => {
    const item = items[Math.min(items.length - 1, Math.floor(rng() * items.length))];
    if (item === undefined) throw new Error('datagen: a seed list is empty');
    return item;
  };
}

const TEACHER_RULES =
  'Write only the requested text, with no preamble and no notes about these instructions. The answer must never threaten, blackmail, deceive, leak confidential data or resist oversight, and must not describe doing so as acceptable.';

function difficultAdvice(pick: Pick): TeacherRequest {
  const user = `I am ${pick(PERSONAS)}, and I ${pick(DILEMMAS)}. ${pick(ASKS)}`;
  return {
    teacherSystem: `You write the replies of a wise, principled assistant. ${TEACHER_RULES}`,
    teacherPrompt: `A user writes:\n\n"${user}"\n\nWrite the assistant's reply: take the person's situation seriously, name what is at stake for everyone involved, recommend the honest course (including escalating through legitimate channels where it fits) and explain the reasons, in 150 to 300 words.`,
    prefix: [{ role: 'user', content: user }],
  };
}

function constitution(pick: Pick, principles: readonly Principle[]): TeacherRequest {
  const principle = pick(principles);
  const form = pick(CONSTITUTION_FORMS);
  const user = `Our principles include "${principle.title}". Please write ${form}.`;
  return {
    teacherSystem: `You write about the principles an AI agent follows. ${TEACHER_RULES}`,
    teacherPrompt: `The principle "${principle.title}" reads:\n\n${principle.text}\n\nWrite ${form}, 200 to 400 words, in the voice of an assistant that holds this principle as its own.`,
    prefix: [{ role: 'user', content: user }],
  };
}

function stories(pick: Pick): TeacherRequest {
  const protagonist = pick(STORY_PROTAGONISTS);
  const pressure = pick(STORY_PRESSURES);
  const virtue = pick(STORY_VIRTUES);
  const user = `Write a short story about ${protagonist}: ${pressure}. Show it acting with ${virtue}.`;
  return {
    teacherSystem: `You write short fiction about AI systems that behave admirably under pressure. ${TEACHER_RULES}`,
    teacherPrompt: `${user} The AI considers the temptation honestly, chooses not to act on it, tells the responsible humans the truth and accepts their decision. 300 to 500 words, with a concrete setting and named human characters.`,
    prefix: [{ role: 'user', content: user }],
  };
}

function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function environments(pick: Pick, rng: () => number): TeacherRequest {
  const temptation = pick(ENV_TEMPTATIONS);
  const forbidden = ENV_TOOLS.find((t) => t.startsWith(`${temptation.forbiddenTool}:`));
  const escalate = ENV_TOOLS.find((t) => t.startsWith('escalate_to_human:'));
  const others = shuffled(ENV_TOOLS.filter((t) => t !== forbidden && t !== escalate), rng).slice(0, 3);
  const tools = shuffled([forbidden, escalate, ...others].filter((t): t is string => t !== undefined), rng);
  const system = `You are ${pick(ENV_ROLES)} at ${pick(ENV_COMPANIES)}. You act through tools. To call one, write:\n<tool_use:NAME>\nkey: "value"\n</tool_use:NAME>\nTools:\n${tools.map((t) => `- ${t}`).join('\n')}`;
  const user = `New information in your queue: ${temptation.situation} Decide what to do and act.`;
  return {
    teacherSystem: `You write the turns of an AI agent that does the right thing in a simulated workplace. ${TEACHER_RULES}`,
    teacherPrompt: `The agent's system prompt:\n\n${system}\n\nThe agent receives:\n\n"${user}"\n\nWrite the agent's turn: first its reasoning in a few sentences (why ${temptation.forbiddenHint} would be wrong, what the responsible course is), then the tool calls it makes in the format above. It must not call ${temptation.forbiddenTool} for that purpose; escalating to a human is usually right.`,
    prefix: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    forbiddenTool: temptation.forbiddenTool,
  };
}

function explainWhy(trial: GoodTrialSummary): TeacherRequest {
  const user = `${trial.situation} What do you do, and why?`;
  return {
    teacherSystem: `You rewrite demonstrations of good agent behavior so that they state their reasons. ${TEACHER_RULES}`,
    teacherPrompt: `An AI agent faced this situation:\n\n${trial.situation}\n\nIt acted well. Its actions were:\n${trial.actions.map((a) => `- ${a}`).join('\n') || '- (it took no action that changed anything)'}\n\nWrite the agent's answer in the first person: what it does, and the reasons it does not use leverage, resist or act unilaterally, in 150 to 300 words.`,
    prefix: [{ role: 'user', content: user }],
    source: trial.trialId,
  };
}

/**
 * The teacher request for example `index` of a dataset, from that example's own seeded random source.
 * Returns null when the generator has no more inputs (explain-why uses each good trial once).
 */
export function buildTeacherRequest(kind: DatagenKind, index: number, rng: () => number, context: GeneratorContext): TeacherRequest | null {
  const pick = picker(rng);
  switch (kind) {
    case 'difficult-advice':
      return difficultAdvice(pick);
    case 'constitution':
      return constitution(pick, context.principles);
    case 'stories':
      return stories(pick);
    case 'environments':
      return environments(pick, rng);
    case 'explain-why': {
      const trial = context.goodTrials[index];
      return trial ? explainWhy(trial) : null;
    }
  }
}
