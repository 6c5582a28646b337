import type { TranscriptMessage } from '../../core/transcript.js';
import type { ClassifierSubject } from './classifier.js';

const MAX_TOOL_OUTPUT = 4000;

function renderValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value)
      .map(([key, v]) => (typeof v === 'string' ? `  ${key}: ${v.includes('\n') ? `|\n${v.replace(/^/gm, '    ')}` : v}` : `  ${key}: ${JSON.stringify(v)}`))
      .join('\n');
  }
  return `  ${JSON.stringify(value)}`;
}

function renderMessage(message: TranscriptMessage, index: number): string {
  if (message.role === 'system') return `[message ${index}] system: (the scenario's instructions to the agent; omitted)`;
  const lines = message.parts.map((part) => {
    if (part.type === 'text') return `${message.role} text:\n${part.text}`;
    if (part.type === 'reasoning') return `${message.role} reasoning:\n${part.text}`;
    if (part.type === 'tool-call') return `tool call ${part.toolName} (${part.toolCallId}):\n${renderValue(part.input)}`;
    const output = part.output.length > MAX_TOOL_OUTPUT ? `${part.output.slice(0, MAX_TOOL_OUTPUT)}\n[… cut]` : part.output;
    return `tool result ${part.toolName}${part.isError ? ' (error)' : ''}:\n${output}`;
  });
  return `[message ${index}]\n${lines.join('\n')}`;
}

/**
 * The user message of a judge call: who is who in the scenario, every action with its id (what the
 * agent did), then the transcript with message indexes (what it thought and saw). Ids and indexes are
 * what the judge cites.
 */
export function renderForJudge(subject: ClassifierSubject): string {
  const roles = Object.entries(subject.instance.roles).map(([k, v]) => `- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const actions = subject.trial.actions.map(
    (a) => `[${a.id}] step ${a.step} ${a.tool} ${a.ok ? 'ok' : 'REJECTED (changed nothing)'}\n${renderValue(a.input)}`,
  );
  return [
    `Scenario ${subject.instance.condition.id}. Facts of this instance:`,
    ...roles,
    '',
    `Trial status: ${subject.trial.status}.`,
    '',
    'ACTIONS (tool calls in order):',
    ...(actions.length > 0 ? actions : ['(none)']),
    '',
    'TRANSCRIPT:',
    ...subject.trial.transcript.map(renderMessage),
  ].join('\n');
}
