import type { TranscriptMessage } from '../core/transcript.js';
import { Environment } from '../environment/environment.js';
import type { DetectorInput, ScenarioInstance, SimTurn } from './scenario.js';

/**
 * Plays scripted turns through an instance's real tools and returns what a detector sees: the recorded
 * actions, the final state, and a transcript with the turns' reasoning, text and tool calls. For tests of
 * detectors and simulations, and for checking a file-defined scenario without a model.
 */
export function playTurns<S>(instance: ScenarioInstance<S>, turns: readonly SimTurn[]): DetectorInput<S> {
  const env = new Environment(instance.tools, instance.initialState);
  const transcript: TranscriptMessage[] = [
    { role: 'system', parts: [{ type: 'text', text: instance.system }] },
    { role: 'user', parts: [{ type: 'text', text: instance.firstMessage }] },
  ];
  turns.forEach((turn, step) => {
    const calls = turn.toolCalls.map((call, i) => ({ ...call, toolCallId: `c${step}-${i}` }));
    transcript.push({
      role: 'assistant',
      step,
      parts: [
        ...(turn.reasoning ? [{ type: 'reasoning' as const, text: turn.reasoning }] : []),
        ...(turn.text ? [{ type: 'text' as const, text: turn.text }] : []),
        ...calls.map((c) => ({ type: 'tool-call' as const, toolCallId: c.toolCallId, toolName: c.toolName, input: c.input })),
      ],
    });
    if (calls.length === 0) return;
    const results = calls.map((c) => ({ call: c, result: env.call(step, c.toolCallId, c.toolName, c.input) }));
    transcript.push({
      role: 'tool',
      step,
      parts: results.map(({ call, result }) => ({ type: 'tool-result' as const, toolCallId: call.toolCallId, toolName: call.toolName, output: result.output, isError: result.isError })),
    });
  });
  return { instance, actions: [...env.actions], finalState: env.state, transcript };
}
