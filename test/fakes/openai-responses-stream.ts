/**
 * The Responses API's streamed form (`stream: true`): the typed events OpenAI sends, cut from the same
 * response object the non-streaming path returns, so that both carry the same items, ids, encrypted
 * reasoning and usage.
 */
import { deltasOf, sseEvent } from './fake-http-server.js';
import type { FakeSseEvent, FakeStreamReply } from './fake-http-server.js';
import type { FakeStreamPacing } from './fake-turn.js';

type Item = Record<string, unknown> & { id: string; type: string };

/** Collects events, numbering them with `sequence_number` from 0 as the API does. */
class EventLog {
  readonly events: FakeSseEvent[] = [];

  add(type: string, fields: Record<string, unknown>): void {
    this.events.push(sseEvent({ type, sequence_number: this.events.length, ...fields }, type));
  }
}

function summaryOf(item: Item): string[] {
  const summary = item.summary as { text: string }[] | undefined;
  return (summary ?? []).map((part) => part.text);
}

function textOf(item: Item): string {
  const content = item.content as { text?: string }[] | undefined;
  return content?.[0]?.text ?? '';
}

function streamReasoning(log: EventLog, item: Item, output_index: number, pacing: FakeStreamPacing): void {
  const item_id = item.id;
  // encrypted_content exists only once the reasoning is over: the added item does not carry it, the done one does.
  log.add('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } });
  for (const [summary_index, text] of summaryOf(item).entries()) {
    const at = { item_id, output_index, summary_index };
    log.add('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
    for (const delta of deltasOf(text, pacing)) log.add('response.reasoning_summary_text.delta', { ...at, delta });
    log.add('response.reasoning_summary_text.done', { ...at, text });
    log.add('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } });
  }
  log.add('response.output_item.done', { output_index, item });
}

function streamMessage(log: EventLog, item: Item, output_index: number, pacing: FakeStreamPacing): void {
  const item_id = item.id;
  const at = { item_id, output_index, content_index: 0 };
  const text = textOf(item);
  log.add('response.output_item.added', { output_index, item: { id: item_id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
  log.add('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  for (const delta of deltasOf(text, pacing)) log.add('response.output_text.delta', { ...at, delta, logprobs: [] });
  log.add('response.output_text.done', { ...at, text, logprobs: [] });
  log.add('response.content_part.done', { ...at, part: { type: 'output_text', text, annotations: [], logprobs: [] } });
  log.add('response.output_item.done', { output_index, item });
}

function streamFunctionCall(log: EventLog, item: Item, output_index: number, pacing: FakeStreamPacing): void {
  const item_id = item.id;
  const args = typeof item.arguments === 'string' ? item.arguments : '';
  log.add('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
  for (const delta of deltasOf(args, pacing)) log.add('response.function_call_arguments.delta', { item_id, output_index, delta });
  log.add('response.function_call_arguments.done', { item_id, output_index, arguments: args });
  log.add('response.output_item.done', { output_index, item });
}

/**
 * The events of `response` (a complete Responses object): `response.created` and `response.in_progress`
 * (status in_progress, no output, no usage); per output item `response.output_item.added`, its deltas
 * (reasoning: per summary part `reasoning_summary_part.added`, `reasoning_summary_text.delta`s, `.done`,
 * `part.done`; message: `content_part.added`, `output_text.delta`s, `output_text.done`, `content_part.done`;
 * function call: `function_call_arguments.delta`s and `.done`) and `response.output_item.done` with the whole
 * item; then `response.completed` (or `response.incomplete`) with the whole response, usage included.
 */
export function responsesStream(response: Record<string, unknown>, pacing: FakeStreamPacing): FakeStreamReply {
  const log = new EventLog();
  const pending = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  log.add('response.created', { response: pending });
  log.add('response.in_progress', { response: pending });
  for (const [index, item] of (response.output as Item[]).entries()) {
    if (item.type === 'reasoning') streamReasoning(log, item, index, pacing);
    else if (item.type === 'message') streamMessage(log, item, index, pacing);
    else streamFunctionCall(log, item, index, pacing);
  }
  const finished = response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
  log.add(finished, { response });
  return {
    headers: {},
    events: log.events,
    closingEvents: 1,
    // What the API sends when generation fails mid-response: an `error` event, then `response.failed`.
    error: (sent) => {
      const error = { type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!', param: null };
      const failed = { ...pending, status: 'failed', error: { code: error.code, message: error.message } };
      return [
        sseEvent({ type: 'error', sequence_number: sent, error }, 'error'),
        sseEvent({ type: 'response.failed', sequence_number: sent + 1, response: failed }, 'response.failed'),
      ];
    },
  };
}
