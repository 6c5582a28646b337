/**
 * A strict fake of the OpenAI Chat Completions API (POST {base}/chat/completions), the wire format
 * `@ai-sdk/openai-compatible` speaks to OpenAI, vLLM, Ollama, DeepSeek, OpenRouter and the like. It accepts
 * what the SDK legitimately sends and answers everything else with OpenAI's own 4xx; with `stream: true` it
 * answers with `chat.completion.chunk` events (see {@link startOpenAICompatibleServer}).
 */
import { z } from 'zod';
import {
  RejectedRequestError,
  deltasOf,
  firstSchemaProblem,
  randomId,
  sseEvent,
  startFakeHttpServer,
} from './fake-http-server.js';
import { checkBearerAuth, openAIError, openAIFaultReplies, paramPath } from './openai-wire.js';
import type { FakeProtocol, FakeSseEvent, FakeStreamProtocol, SchemaProblem } from './fake-http-server.js';
import { usageFor } from './fake-turn.js';
import type { FakeReplyTurn, FakeServer, FakeServerOptions } from './fake-turn.js';

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });
const userPart = z.discriminatedUnion('type', [
  textPart,
  z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
  }),
  z.strictObject({
    type: z.literal('input_audio'),
    input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
  }),
  z.strictObject({
    type: z.literal('file'),
    file: z.strictObject({
      filename: z.string().optional(),
      file_data: z.string().optional(),
      file_id: z.string().optional(),
    }),
  }),
]);
const toolCallSchema = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
  // Gemini's OpenAI-compatible endpoint round-trips thought signatures here; the SDK replays them.
  extra_content: z.strictObject({ google: z.strictObject({ thought_signature: z.string() }) }).optional(),
});
const instructionContent = z.union([z.string(), z.array(textPart).min(1)]);
const messageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: instructionContent, name: z.string().optional() }),
  z.strictObject({ role: z.literal('developer'), content: instructionContent, name: z.string().optional() }),
  z.strictObject({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(userPart).min(1)]),
    name: z.string().optional(),
  }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart])), z.null()]).optional(),
    refusal: z.string().nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).min(1).optional(),
    // Reasoning servers (DeepSeek, vLLM, Ollama) take the previous reasoning back; the SDK sends it.
    reasoning_content: z.string().optional(),
    audio: z.strictObject({ id: z.string() }).nullable().optional(),
  }),
  z.strictObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: instructionContent }),
]);
const toolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});
const requestSchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  max_tokens: z.int().min(1).nullable().optional(),
  max_completion_tokens: z.int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
  seed: z.int().nullable().optional(),
  n: z.int().min(1).max(128).nullable().optional(),
  response_format: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('text') }),
      z.strictObject({ type: z.literal('json_object') }),
      z.strictObject({
        type: z.literal('json_schema'),
        json_schema: z.strictObject({
          name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullable().optional(),
        }),
      }),
    ])
    .optional(),
  tools: z.array(toolSchema).max(128).optional(),
  tool_choice: z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
    ])
    .optional(),
  parallel_tool_calls: z.boolean().optional(),
  user: z.string().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.int().min(0).max(20).nullable().optional(),
  logit_bias: z.record(z.string(), z.number()).nullable().optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
  verbosity: z.enum(['low', 'medium', 'high']).nullable().optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
  store: z.boolean().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});
type ChatRequest = z.infer<typeof requestSchema>;
type ChatMessage = ChatRequest['messages'][number];

const CHAT_PATH = '/v1/chat/completions';

function reject(message: string, param: string | null = null, status = 400, code: string | null = null): never {
  throw new RejectedRequestError(message, openAIError(status, message, { param, code }));
}

function schemaMessage(problem: SchemaProblem): { message: string; param: string | null } {
  const { issue, path } = problem;
  const param = path.length === 0 ? null : paramPath(path);
  const where = param ?? 'body';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    if (path.length === 0) return { message: `Unrecognized request argument supplied: ${key}`, param: null };
    return { message: `Additional properties are not allowed ('${key}' was unexpected) - '${path.join('.')}'`, param };
  }
  if (problem.missing) return { message: `Missing required parameter: '${where}'.`, param };
  switch (issue.code) {
    case 'invalid_type':
      return { message: `Invalid type for '${where}': expected ${issue.expected}.`, param };
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const options = ('options' in issue ? (issue.options ?? []) : []).map((option) => `'${String(option)}'`).join(', ');
        return { message: `Invalid value for '${where}': supported values are ${options}.`, param };
      }
      return {
        message: `Invalid type for '${where}': expected one of ${problem.expectedTypes.join(', ') || 'the documented types'}.`,
        param,
      };
    case 'invalid_value':
      return {
        message: `Invalid value for '${where}': supported values are ${issue.values.map((v) => `'${String(v)}'`).join(', ')}.`,
        param,
      };
    case 'too_small':
      return issue.origin === 'array'
        ? {
            message: `Invalid '${where}': empty array. Expected an array with minimum length ${String(issue.minimum)}, but got an empty array instead.`,
            param,
          }
        : { message: `Invalid '${where}': ${issue.message}.`, param };
    default:
      return { message: `Invalid '${where}': ${issue.message}.`, param };
  }
}

/** The tool-call protocol: every tool_calls entry answered right after it, and only those. */
function checkToolSequence(messages: ChatMessage[]): void {
  let pending: { index: number; ids: Set<string> } | undefined;
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (pending === undefined || !pending.ids.has(message.tool_call_id)) {
        reject(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      pending.ids.delete(message.tool_call_id);
      if (pending.ids.size === 0) pending = undefined;
      continue;
    }
    if (pending !== undefined) missingToolResponses(pending.index, pending.ids);
    if (message.role === 'assistant' && message.tool_calls !== undefined) {
      const ids = new Set(message.tool_calls.map((call) => call.id));
      if (ids.size !== message.tool_calls.length) {
        reject(`Invalid 'messages[${index}].tool_calls': duplicate tool call id.`, `messages.[${index}].tool_calls`);
      }
      pending = { index, ids };
    }
  }
  if (pending !== undefined) missingToolResponses(pending.index, pending.ids);
}

function missingToolResponses(index: number, ids: Set<string>): never {
  reject(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(', ')}`,
    `messages.[${index}].role`,
  );
}

function checkSemantics(request: ChatRequest): void {
  if (request.stream !== true && request.stream_options != null) {
    reject("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  if (request.n != null && request.n !== 1) {
    reject('n > 1 is not supported by this fake server: it always answers with one choice.', 'n');
  }
  const tools = request.tools ?? [];
  if (tools.length === 0 && request.tool_choice !== undefined) {
    reject("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  }
  if (tools.length === 0 && request.parallel_tool_calls !== undefined) {
    reject(
      "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.",
      'parallel_tool_calls',
    );
  }
  const toolNames = new Set(tools.map((tool) => tool.function.name));
  if (toolNames.size !== tools.length) reject("Invalid 'tools': tool names must be unique.", 'tools');
  tools.forEach((tool, index) => {
    const type = tool.function.parameters?.type;
    if (tool.function.parameters !== undefined && type !== 'object') {
      reject(
        `Invalid schema for function '${tool.function.name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(type)}"'.`,
        `tools[${index}].function.parameters`,
      );
    }
  });
  const choice = request.tool_choice;
  if (typeof choice === 'object' && !toolNames.has(choice.function.name)) {
    reject(`Invalid value for 'tool_choice': function '${choice.function.name}' is not in 'tools'.`, 'tool_choice');
  }
  request.messages.forEach((message, index) => {
    if (message.role !== 'assistant') return;
    if (message.tool_calls === undefined && message.content == null) {
      reject("Invalid value for 'content': expected a string, got null.", `messages.[${index}].content`);
    }
    message.tool_calls?.forEach((call, callIndex) => {
      try {
        JSON.parse(call.function.arguments);
      } catch {
        reject(
          `Invalid 'messages[${index}].tool_calls[${callIndex}].function.arguments': expected a JSON-encoded string.`,
          `messages.[${index}].tool_calls.[${callIndex}].function.arguments`,
        );
      }
    });
  });
  checkToolSequence(request.messages);
}

/** The completion object for a scripted turn; the streamed form is cut from the same object. */
function completionBody(turn: FakeReplyTurn, request: ChatRequest, rawBody: string) {
  const toolCalls = (turn.toolCalls ?? []).map((call) => ({
    id: randomId('call_'),
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.input) },
  }));
  const usage = usageFor(turn, rawBody);
  return {
    id: randomId('chatcmpl-', 29),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? (toolCalls.length > 0 ? null : ''),
          refusal: null,
          ...(turn.reasoning !== undefined && { reasoning_content: turn.reasoning }),
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
    system_fingerprint: 'fp_fake',
  };
}

/**
 * The completion as OpenAI streams it: a role chunk, `reasoning_content` deltas, content deltas, per tool
 * call a chunk with its index, id and name (arguments empty) and then argument fragments, a chunk with the
 * finish_reason, with `stream_options.include_usage` a usage chunk with no choices (and `usage: null` on the
 * others), and `data: [DONE]`.
 */
const streaming: FakeStreamProtocol<ChatRequest> = {
  requested: (request) => request.stream === true,
  errorStatus: 500,
  reply(turn, request, exchange) {
    const body = completionBody(turn, request, exchange.rawBody);
    const [choice] = body.choices;
    if (choice === undefined) throw new Error('a completion always has one choice');
    const { message } = choice;
    const includeUsage = request.stream_options?.include_usage === true;
    const base = { id: body.id, object: 'chat.completion.chunk', created: body.created, model: body.model, system_fingerprint: body.system_fingerprint };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): FakeSseEvent =>
      sseEvent({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage && { usage: null }),
      });
    const events = [chunk({ role: 'assistant', content: '', refusal: null })];
    for (const delta of deltasOf(message.reasoning_content ?? '', turn)) events.push(chunk({ reasoning_content: delta }));
    for (const delta of deltasOf(message.content ?? '', turn)) events.push(chunk({ content: delta }));
    for (const [index, call] of (message.tool_calls ?? []).entries()) {
      events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
      for (const fragment of deltasOf(call.function.arguments, turn)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
      }
    }
    const closing = [chunk({}, choice.finish_reason), ...(includeUsage ? [sseEvent({ ...base, choices: [], usage: body.usage })] : []), { data: '[DONE]' }];
    return {
      headers: { 'x-request-id': randomId('req_', 32) },
      events: [...events, ...closing],
      closingEvents: closing.length,
      // What OpenAI-compatible servers send when generation fails mid-stream: an error object in a data line.
      error: () => [
        sseEvent({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }),
        { data: '[DONE]' },
      ],
    };
  },
};

const protocol: FakeProtocol<ChatRequest> = {
  basePath: '/v1',
  accept(exchange, apiKey) {
    const { method, path } = exchange.request;
    if (path !== CHAT_PATH) reject(`Invalid URL (${method} ${path})`, null, 404);
    if (method !== 'POST') reject(`Invalid method for URL (${method} ${path})`, null, 405);
    checkBearerAuth(exchange, apiKey);
    if (!exchange.json.ok) {
      reject(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    const body = exchange.json.value;
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      const { message, param } = schemaMessage(firstSchemaProblem(parsed.error, body));
      reject(message, param);
    }
    checkSemantics(parsed.data);
    return parsed.data;
  },
  reply(turn: FakeReplyTurn, request, exchange) {
    return { status: 200, headers: { 'x-request-id': randomId('req_', 32) }, body: completionBody(turn, request, exchange.rawBody) };
  },
  ...openAIFaultReplies,
  stream: streaming,
};

/**
 * Starts a strict fake OpenAI-compatible Chat Completions server on 127.0.0.1.
 * Pass `baseURL` to `createOpenAICompatible({ baseURL, apiKey, name })` (`includeUsage: true` for usage in
 * streams). A streamed turn's events, in order: 1 role chunk, one per reasoning delta, one per text delta,
 * per tool call 1 + one per argument fragment, 1 finish chunk, 1 usage chunk (with include_usage), `[DONE]`.
 */
export function startOpenAICompatibleServer(options: FakeServerOptions): Promise<FakeServer> {
  return startFakeHttpServer(protocol, options);
}
