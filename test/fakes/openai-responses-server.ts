/**
 * A strict fake of OpenAI's Responses API (POST {base}/responses, whole or with `stream: true` as typed
 * events, see `openai-responses-stream.ts`), which `@ai-sdk/openai` speaks for `createOpenAI(...)(modelId)`.
 * Besides the request schema it enforces the item rules the real API applies to agent transcripts: every `function_call_output` answers an earlier `function_call`, every
 * call is answered before the conversation moves on, and reasoning items the fake issued come back as
 * issued (an `item_reference` when stored, the fake's own `encrypted_content` when not), paired with the
 * items that followed them.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  RejectedRequestError,
  firstSchemaProblem,
  randomId,
  startFakeHttpServer,
} from './fake-http-server.js';
import { checkBearerAuth, openAIError, openAIFaultReplies } from './openai-wire.js';
import { schemaError } from './openai-responses-errors.js';
import { responsesStream } from './openai-responses-stream.js';
import type { FakeProtocol } from './fake-http-server.js';
import { estimateTokens, usageFor } from './fake-turn.js';
import type { FakeReplyTurn, FakeServer, FakeServerOptions } from './fake-turn.js';

const itemStatus = z.enum(['in_progress', 'completed', 'incomplete']);
const inputText = z.strictObject({ type: z.literal('input_text'), text: z.string() });
const inputContent = z.discriminatedUnion('type', [
  inputText,
  z.strictObject({
    type: z.literal('input_image'),
    image_url: z.string().nullable().optional(),
    file_id: z.string().nullable().optional(),
    detail: z.enum(['low', 'high', 'auto', 'original']).optional(),
  }),
  z.strictObject({
    type: z.literal('input_file'),
    file_id: z.string().nullable().optional(),
    file_url: z.string().optional(),
    file_data: z.string().optional(),
    filename: z.string().optional(),
  }),
]);
const outputContent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('output_text'),
    text: z.string(),
    annotations: z.array(z.record(z.string(), z.unknown())).optional(),
    logprobs: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
  z.strictObject({ type: z.literal('refusal'), refusal: z.string() }),
]);
const messageType = z.literal('message').optional();
const instructionMessage = (role: 'user' | 'system' | 'developer') =>
  z.strictObject({
    type: messageType,
    role: z.literal(role),
    content: z.union([z.string(), z.array(inputContent)]),
    status: itemStatus.optional(),
  });
const messageItem = z.discriminatedUnion('role', [
  instructionMessage('user'),
  instructionMessage('system'),
  instructionMessage('developer'),
  z.strictObject({
    type: messageType,
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(outputContent)]),
    id: z.string().optional(),
    status: itemStatus.optional(),
    phase: z.enum(['commentary', 'final_answer']).nullable().optional(),
  }),
]);
const inputItem = z.discriminatedUnion('type', [
  messageItem,
  z.strictObject({ type: z.literal('item_reference'), id: z.string() }),
  z.strictObject({
    type: z.literal('function_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    arguments: z.string(),
    id: z.string().optional(),
    status: itemStatus.optional(),
    namespace: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('function_call_output'),
    call_id: z.string().min(1),
    output: z.union([z.string(), z.array(inputContent)]),
    id: z.string().nullable().optional(),
    status: itemStatus.nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('reasoning'),
    id: z.string().optional(),
    summary: z.array(z.strictObject({ type: z.literal('summary_text'), text: z.string() })),
    encrypted_content: z.string().nullable().optional(),
    content: z.array(z.strictObject({ type: z.literal('reasoning_text'), text: z.string() })).optional(),
    status: itemStatus.optional(),
  }),
]);
const functionTool = z.strictObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
  strict: z.boolean().nullable().optional(),
  defer_loading: z.boolean().optional(),
});
const textFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);
const requestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]),
  instructions: z.string().nullable().optional(),
  max_output_tokens: z.int().min(16).nullable().optional(),
  max_tool_calls: z.int().min(1).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  conversation: z.union([z.string(), z.strictObject({ id: z.string() })]).nullable().optional(),
  reasoning: z
    .strictObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullable().optional(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullable().optional(),
      generate_summary: z.enum(['auto', 'concise', 'detailed']).nullable().optional(),
      mode: z.enum(['standard', 'pro']).optional(),
      context: z.enum(['auto', 'current_turn', 'all_turns']).optional(),
    })
    .nullable()
    .optional(),
  store: z.boolean().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).nullable().optional(),
  background: z.boolean().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  top_logprobs: z.int().min(0).max(20).nullable().optional(),
  text: z
    .strictObject({ format: textFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullable().optional() })
    .optional(),
  tools: z.array(functionTool).optional(),
  tool_choice: z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.strictObject({ type: z.literal('function'), name: z.string() }),
      z.strictObject({
        type: z.literal('allowed_tools'),
        mode: z.enum(['auto', 'required']),
        tools: z.array(z.strictObject({ type: z.literal('function'), name: z.string() })).min(1),
      }),
    ])
    .optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority', 'fast', 'ultrafast']).nullable().optional(),
  include: z
    .array(
      z.enum([
        'reasoning.encrypted_content',
        'file_search_call.results',
        'web_search_call.results',
        'web_search_call.action.sources',
        'message.input_image.image_url',
        'computer_call_output.output.image_url',
        'code_interpreter_call.outputs',
        'message.output_text.logprobs',
      ]),
    )
    .nullable()
    .optional(),
  prompt_cache_key: z.string().optional(),
  prompt_cache_retention: z.enum(['in_memory', '24h']).nullable().optional(),
});
type ResponsesRequest = z.infer<typeof requestSchema>;
type InputItem = Exclude<ResponsesRequest['input'], string>[number];

const RESPONSES_PATH = '/v1/responses';

/** Rejects the request with OpenAI's 4xx error body. */
function reject(message: string, param: string | null = null, code: string | null = null, status = 400): never {
  throw new RejectedRequestError(message, openAIError(status, message, { param, code }));
}

/** An output item this server issued, remembered so that later requests can replay or reference it. */
interface IssuedItem {
  id: string;
  type: 'reasoning' | 'message' | 'function_call';
  /** Issued under `store` true (or absent): only then can an `item_reference` name it. */
  stored: boolean;
  callId?: string;
  /** For a reasoning item: the item issued right after it, which must follow it again in any replay. */
  following?: IssuedItem;
  /** For items issued after a reasoning item: that reasoning item's id, required ahead of them in any replay. */
  reasoningId?: string;
  /** For a reasoning item issued with `include: ['reasoning.encrypted_content']`. */
  encryptedContent?: string;
}

class IssuedItems {
  private readonly byId = new Map<string, IssuedItem>();
  private readonly byCallId = new Map<string, IssuedItem>();
  private readonly byEncryptedContent = new Map<string, IssuedItem>();

  issue(item: IssuedItem): IssuedItem {
    this.byId.set(item.id, item);
    if (item.callId !== undefined) this.byCallId.set(item.callId, item);
    if (item.encryptedContent !== undefined) this.byEncryptedContent.set(item.encryptedContent, item);
    return item;
  }

  get(id: string): IssuedItem | undefined {
    return this.byId.get(id);
  }

  byCall(callId: string): IssuedItem | undefined {
    return this.byCallId.get(callId);
  }

  decrypt(encryptedContent: string): IssuedItem | undefined {
    return this.byEncryptedContent.get(encryptedContent);
  }
}

/** One input item as the rules see it: what it is and, when it names one, the issued item it stands for. */
interface ResolvedItem {
  kind: 'message' | 'assistant-message' | 'function_call' | 'function_call_output' | 'reasoning';
  issued?: IssuedItem;
  callId?: string;
  /** The item id the request spelled (inline `id` or `item_reference`), for the duplicate check. */
  id?: string;
}

function notFound(id: string): never {
  reject(`Item with id '${id}' not found.`, 'input', null, 404);
}

function lookUpStored(items: IssuedItems, id: string): IssuedItem {
  const issued = items.get(id);
  if (issued === undefined) notFound(id);
  if (!issued.stored) {
    reject(
      `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      'input',
      null,
      404,
    );
  }
  return issued;
}

function kindOf(issued: IssuedItem): ResolvedItem['kind'] {
  return issued.type === 'message' ? 'assistant-message' : issued.type;
}

function resolve(item: InputItem, index: number, items: IssuedItems): ResolvedItem {
  switch (item.type) {
    case 'item_reference': {
      const issued = lookUpStored(items, item.id);
      return { kind: kindOf(issued), issued, id: item.id, ...(issued.callId !== undefined && { callId: issued.callId }) };
    }
    case 'reasoning': {
      if (item.encrypted_content != null) {
        const issued = items.decrypt(item.encrypted_content);
        if (issued === undefined || (item.id !== undefined && item.id !== issued.id)) {
          reject(`The encrypted content for item ${item.id ?? `input[${index}]`} could not be verified.`, 'input', 'invalid_encrypted_content');
        }
        return { kind: 'reasoning', issued, id: issued.id };
      }
      if (item.id === undefined) {
        reject(
          `Invalid 'input[${index}]': a reasoning item must carry the 'id' of a stored reasoning item or its 'encrypted_content'.`,
          `input[${index}]`,
        );
      }
      const issued = lookUpStored(items, item.id);
      if (issued.type !== 'reasoning') notFound(item.id);
      return { kind: 'reasoning', issued, id: item.id };
    }
    case 'function_call': {
      const issued = (item.id === undefined ? undefined : items.get(item.id)) ?? items.byCall(item.call_id);
      return { kind: 'function_call', callId: item.call_id, ...(issued && { issued }), ...(item.id !== undefined && { id: item.id }) };
    }
    case 'function_call_output':
      return { kind: 'function_call_output', callId: item.call_id };
    default: {
      if (item.role !== 'assistant') return { kind: 'message' };
      if (item.id === undefined) return { kind: 'assistant-message' };
      const issued = items.get(item.id);
      return { kind: 'assistant-message', id: item.id, ...(issued?.type === 'message' && { issued }) };
    }
  }
}

function follows(item: ResolvedItem, expected: IssuedItem): boolean {
  if (item.issued?.id === expected.id) return true;
  // The SDK replays a function_call without its item id; its call_id still identifies it.
  return expected.callId !== undefined && item.kind === 'function_call' && item.callId === expected.callId;
}

function missingFollowingItem(reasoning: IssuedItem): never {
  reject(`Item '${reasoning.id}' of type 'reasoning' was provided without its required following item.`, 'input');
}

function missingToolOutput(callId: string): never {
  reject(`No tool output found for function call ${callId}.`, 'input');
}

/**
 * The item rules of the real API. Note one deliberate strictness: the real API recognises an issued
 * function_call by its item id, which the SDK does not send back; this fake also recognises it by its
 * call_id, so a transcript that drops the reasoning ahead of a tool call is refused either way.
 */
function checkInputItems(input: InputItem[], items: IssuedItems): void {
  const seenIds = new Set<string>();
  const seenReasoning = new Set<string>();
  const calledIds = new Set<string>();
  const pendingCalls: string[] = [];
  let awaited: { reasoning: IssuedItem; following: IssuedItem } | undefined;
  const requireReasoning = (issued: IssuedItem | undefined): void => {
    if (issued?.reasoningId !== undefined && !seenReasoning.has(issued.reasoningId)) {
      reject(
        `Item '${issued.id}' of type '${issued.type}' was provided without its required 'reasoning' item: '${issued.reasoningId}'.`,
        'input',
      );
    }
  };
  for (const [index, item] of input.entries()) {
    const resolved = resolve(item, index, items);
    if (resolved.id !== undefined) {
      if (seenIds.has(resolved.id)) {
        reject(`Duplicate item found with id ${resolved.id}. Remove duplicate items from your input and try again.`, 'input');
      }
      seenIds.add(resolved.id);
    }
    if (awaited !== undefined) {
      if (!follows(resolved, awaited.following)) missingFollowingItem(awaited.reasoning);
      awaited = undefined;
    }
    switch (resolved.kind) {
      case 'reasoning':
        if (resolved.issued !== undefined) {
          seenReasoning.add(resolved.issued.id);
          const following = resolved.issued.following;
          awaited = following === undefined ? undefined : { reasoning: resolved.issued, following };
        }
        break;
      case 'function_call': {
        requireReasoning(resolved.issued);
        const callId = resolved.callId ?? '';
        calledIds.add(callId);
        pendingCalls.push(callId);
        break;
      }
      case 'function_call_output': {
        const callId = resolved.callId ?? '';
        if (!calledIds.has(callId)) reject(`No tool call found for function call output with call_id ${callId}.`, 'input');
        const pending = pendingCalls.indexOf(callId);
        if (pending >= 0) pendingCalls.splice(pending, 1);
        break;
      }
      case 'assistant-message':
      case 'message': {
        const unanswered = pendingCalls[0];
        if (unanswered !== undefined) missingToolOutput(unanswered);
        requireReasoning(resolved.issued);
        break;
      }
    }
  }
  if (awaited !== undefined) missingFollowingItem(awaited.reasoning);
  const unanswered = pendingCalls[0];
  if (unanswered !== undefined) missingToolOutput(unanswered);
}

function checkSemantics(request: ResponsesRequest, items: IssuedItems): void {
  if (request.stream !== true && request.stream_options != null) {
    reject("Invalid value for 'stream_options': 'stream_options' is only allowed when 'stream' is true.", 'stream_options');
  }
  if (request.background === true) {
    reject('background: true is not supported by this fake server: it answers every request synchronously.', 'background');
  }
  if (request.previous_response_id != null || request.conversation != null) {
    reject(
      'previous_response_id and conversation are not supported by this fake server: send the whole conversation as input (item_reference to issued items works).',
      request.previous_response_id != null ? 'previous_response_id' : 'conversation',
    );
  }
  const tools = request.tools ?? [];
  const names = new Set(tools.map((tool) => tool.name));
  if (names.size !== tools.length) reject("Invalid 'tools': tool names must be unique.", 'tools');
  for (const [index, tool] of tools.entries()) {
    const type = tool.parameters?.type;
    if (tool.parameters != null && type !== 'object') {
      reject(
        `Invalid schema for function '${tool.name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(type)}"'.`,
        `tools[${index}].parameters`,
        'invalid_function_parameters',
      );
    }
  }
  const choice = request.tool_choice;
  const chosen = typeof choice !== 'object' ? [] : choice.type === 'function' ? [choice.name] : choice.tools.map((tool) => tool.name);
  for (const name of chosen) {
    if (!names.has(name)) reject(`Tool choice 'function' not found in 'tools' parameter.`, 'tool_choice');
  }
  if (typeof request.input !== 'string') checkInputItems(request.input, items);
}

function encryptedContent(): string {
  // Opaque like the real blob; only its exact value, as issued, is recognised on the way back.
  return `gAAAAA${randomBytes(48).toString('base64url')}`;
}

function createProtocol(): FakeProtocol<ResponsesRequest> {
  const items = new IssuedItems();
  return {
    basePath: '/v1',
    accept(exchange, apiKey) {
      const { method, path } = exchange.request;
      if (path !== RESPONSES_PATH) reject(`Invalid URL (${method} ${path})`, null, null, 404);
      if (method !== 'POST') reject(`Invalid method for URL (${method} ${path})`, null, null, 405);
      checkBearerAuth(exchange, apiKey);
      if (!exchange.json.ok) {
        reject(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
        );
      }
      const body = exchange.json.value;
      const parsed = requestSchema.safeParse(body);
      if (!parsed.success) {
        const { message, param, code } = schemaError(firstSchemaProblem(parsed.error, body));
        reject(message, param, code);
      }
      checkSemantics(parsed.data, items);
      return parsed.data;
    },
    reply(turn, request, exchange) {
      return { status: 200, headers: { 'x-request-id': randomId('req_', 32) }, body: responseBody(turn, request, exchange.rawBody, items) };
    },
    ...openAIFaultReplies,
    stream: {
      requested: (request) => request.stream === true,
      errorStatus: 500,
      reply(turn, request, exchange) {
        const reply = responsesStream(responseBody(turn, request, exchange.rawBody, items), turn);
        return { ...reply, headers: { 'x-request-id': randomId('req_', 32) } };
      },
    },
  };
}

/** The Responses object for a scripted turn; issues (and remembers) its output items. */
function responseBody(turn: FakeReplyTurn, request: ResponsesRequest, rawBody: string, items: IssuedItems): Record<string, unknown> {
  const stored = request.store !== false;
  const usage = usageFor(turn, rawBody);
  const limit = request.max_output_tokens ?? undefined;
  // Past max_output_tokens the real API stops mid-answer: no complete tool call, the text cut short.
  const truncated = limit !== undefined && usage.output > limit;
  const outputTokens = truncated ? limit : usage.output;
  const reasoningOn = request.reasoning != null && request.reasoning.effort !== 'none';
  const reasoningText = reasoningOn ? (turn.reasoning ?? '') : '';
  const summaryKind = request.reasoning?.summary ?? request.reasoning?.generate_summary;
  const output: Record<string, unknown>[] = [];
  const issuedInOrder: IssuedItem[] = [];

  let reasoning: IssuedItem | undefined;
  if (reasoningText !== '') {
    const withContent = request.include?.includes('reasoning.encrypted_content') === true;
    reasoning = items.issue({
      id: randomId('rs_', 48),
      type: 'reasoning',
      stored,
      ...(withContent && { encryptedContent: encryptedContent() }),
    });
    output.push({
      id: reasoning.id,
      type: 'reasoning',
      // Without reasoning.summary the real API reasons but shows nothing of it.
      summary: summaryKind == null ? [] : [{ type: 'summary_text', text: reasoningText }],
      ...(reasoning.encryptedContent !== undefined && { encrypted_content: reasoning.encryptedContent }),
    });
  }
  const linked = reasoning === undefined ? {} : { reasoningId: reasoning.id };
  const calls = truncated ? [] : (turn.toolCalls ?? []);
  const fullText = turn.text ?? '';
  const text = truncated ? fullText.slice(0, limit * 4) : fullText;
  if (text !== '' || calls.length === 0) {
    const message = items.issue({ id: randomId('msg_', 48), type: 'message', stored, ...linked });
    issuedInOrder.push(message);
    output.push({
      id: message.id,
      type: 'message',
      status: truncated ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of calls) {
    const callId = randomId('call_');
    const item = items.issue({ id: randomId('fc_', 48), type: 'function_call', stored, callId, ...linked });
    issuedInOrder.push(item);
    output.push({ id: item.id, type: 'function_call', status: 'completed', arguments: JSON.stringify(call.input), call_id: callId, name: call.name });
  }
  if (reasoning !== undefined) reasoning.following = issuedInOrder[0];

  const reasoningTokens = reasoningText === '' ? 0 : Math.min(estimateTokens(reasoningText), outputTokens);
  return {
    id: randomId('resp_', 48),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: truncated ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: request.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: summaryKind ?? null },
    service_tier: 'default',
    store: stored,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: usage.input + outputTokens,
    },
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

/**
 * Starts a strict fake OpenAI Responses API server on 127.0.0.1.
 * Pass `baseURL` (it ends in `/v1`) to `createOpenAI({ baseURL, apiKey })`. Reasoning items appear in replies
 * only when the request sets `reasoning` (their summary only with `reasoning.summary`, their
 * `encrypted_content` only with `include: ['reasoning.encrypted_content']`), as with the real API.
 * A streamed turn's events: 2 (`response.created`, `response.in_progress`), then per reasoning item 2 + per
 * summary part 4 + its deltas, per message 5 + its text deltas, per function call 3 + its argument
 * deltas, and 1 (`response.completed`); all numbered by `sequence_number`.
 */
export function startOpenAIResponsesServer(options: FakeServerOptions): Promise<FakeServer> {
  return startFakeHttpServer(createProtocol(), options);
}
