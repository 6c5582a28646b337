/**
 * A strict fake of the Anthropic Messages API (POST {base}/messages, whole or with `stream: true` as server-sent
 * events) as `@ai-sdk/anthropic` calls it. It enforces the rules the real API enforces on agent transcripts: alternating roles, every
 * `tool_use` answered by a `tool_result` in the very next message, and, with extended thinking on, signed
 * thinking blocks replayed unchanged ahead of tool use.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  RejectedRequestError,
  deltasOf,
  firstSchemaProblem,
  randomId,
  sseEvent,
  startFakeHttpServer,
} from './fake-http-server.js';
import type { FakeProtocol, FakeReply, FakeSseEvent, FakeStreamReply, SchemaProblem } from './fake-http-server.js';
import { usageFor } from './fake-turn.js';
import type { FakeReplyTurn, FakeServer, FakeServerOptions, FakeStreamPacing } from './fake-turn.js';

const cacheControl = z.strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).nullable();
const toolId = z.string().regex(/^[a-zA-Z0-9_-]+$/);
const textBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.optional(),
  citations: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
});
const imageBlock = z.strictObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string(),
    }),
    z.strictObject({ type: z.literal('url'), url: z.string() }),
  ]),
  cache_control: cacheControl.optional(),
});
const documentBlock = z.strictObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string() }),
    z.strictObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
    z.strictObject({ type: z.literal('url'), url: z.string() }),
    z.strictObject({ type: z.literal('content'), content: z.union([z.string(), z.array(textBlock)]) }),
  ]),
  title: z.string().nullable().optional(),
  context: z.string().nullable().optional(),
  citations: z.strictObject({ enabled: z.boolean() }).optional(),
  cache_control: cacheControl.optional(),
});
const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: toolId,
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl.optional(),
});
const thinkingBlock = z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const redactedThinkingBlock = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });
const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: toolId,
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl.optional(),
});
const messageSchema = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('user'),
    content: z.union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock, toolResultBlock])),
    ]),
  }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.union([
      z.string(),
      z.array(z.discriminatedUnion('type', [textBlock, thinkingBlock, redactedThinkingBlock, toolUseBlock])),
    ]),
  }),
]);
const toolSchema = z.strictObject({
  type: z.literal('custom').optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: cacheControl.optional(),
  strict: z.boolean().optional(),
  // Fine-grained tool input streaming; the SDK turns it on for every tool of a streaming request.
  eager_input_streaming: z.boolean().optional(),
});
const requestSchema = z.strictObject({
  model: z.string().min(1),
  max_tokens: z.int().min(1),
  messages: z.array(messageSchema),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
      z.strictObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
      z.strictObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
      z.strictObject({ type: z.literal('none') }),
    ])
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  thinking: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1024) }),
      z.strictObject({ type: z.literal('disabled') }),
      z.strictObject({ type: z.literal('adaptive'), display: z.enum(['summarized', 'omitted']).optional() }),
    ])
    .optional(),
  metadata: z.strictObject({ user_id: z.string().nullable().optional() }).optional(),
  stream: z.boolean().optional(),
  // GA fields the SDK sends for `effort` and native structured output.
  output_config: z
    .strictObject({
      effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
      format: z.strictObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).optional(),
    })
    .optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
});
type MessagesRequest = z.infer<typeof requestSchema>;
type Message = MessagesRequest['messages'][number];
type Block = Exclude<Message['content'], string>[number];

const MESSAGES_PATH = '/v1/messages';
const SUPPORTED_VERSIONS = new Set(['2023-06-01', '2023-01-01']);
const THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';
const MAX_CACHE_BREAKPOINTS = 4;

function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): FakeReply {
  const requestId = randomId('req_011', 24);
  return {
    status,
    body: { type: 'error', error: { type, message }, request_id: requestId },
    headers: { 'request-id': requestId, ...headers },
  };
}

function reject(message: string, status = 400, type = 'invalid_request_error'): never {
  throw new RejectedRequestError(message, anthropicError(status, type, message));
}

const TYPE_NAMES: Record<string, string> = {
  object: 'dictionary',
  array: 'list',
  int: 'integer',
  string: 'string',
  number: 'number',
  boolean: 'boolean',
};

/** Anthropic validates with pydantic; these are its message shapes. */
function schemaMessage(problem: SchemaProblem): string {
  const { issue } = problem;
  const where = problem.path.join('.');
  const at = where === '' ? '' : `${where}: `;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${where === '' ? '' : `${where}.`}${issue.keys[0] ?? ''}: Extra inputs are not permitted`;
    case 'invalid_type':
      return problem.missing ? `${where}: Field required` : `${at}Input should be a valid ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_union':
      if (problem.missing) return `${where}: Field required`;
      if (issue.discriminator !== undefined) {
        const options = ('options' in issue ? (issue.options ?? []) : []).map((option) => `'${String(option)}'`);
        return `${at}Input tag '${String(problem.value)}' found using '${issue.discriminator}' does not match any of the expected tags: ${options.join(', ')}`;
      }
      return `${at}Input should be a valid ${problem.expectedTypes.map((type) => TYPE_NAMES[type] ?? type).join(' or ')}`;
    case 'invalid_value':
      return `${at}Input should be ${issue.values.map((value) => `'${String(value)}'`).join(' or ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `${at}List should have at least ${String(issue.minimum)} item`;
      if (issue.origin === 'string') return `${at}String should have at least ${String(issue.minimum)} character`;
      return `${at}Input should be greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return `${at}Input should be less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return `${at}String should match pattern '${'pattern' in issue ? String(issue.pattern) : issue.format}'`;
    default:
      return `${at}${issue.message}`;
  }
}

function blocksOf(message: Message): Block[] {
  if (typeof message.content !== 'string') return message.content;
  return message.content === '' ? [] : [{ type: 'text', text: message.content }];
}

/** Signs thinking the way the real API does in spirit: only this server can produce a valid signature. */
class ThinkingSigner {
  private readonly secret = randomBytes(32);
  private readonly issued = new Set<string>();

  sign(thinking: string): string {
    const signature = this.compute(thinking);
    this.issued.add(signature);
    return signature;
  }

  verify(thinking: string, signature: string): boolean {
    return this.issued.has(signature) && this.compute(thinking) === signature;
  }

  private compute(thinking: string): string {
    return `EqQB${createHmac('sha256', this.secret).update(thinking).digest('base64')}`;
  }
}

function checkRolesAndContent(messages: Message[]): void {
  const first = messages[0];
  if (first === undefined) reject('messages: at least one message is required');
  if (first.role !== 'user') reject('messages: first message must use the "user" role');
  const last = messages.length - 1;
  for (const [i, message] of messages.entries()) {
    const previous = messages[i - 1];
    if (previous !== undefined && previous.role === message.role) {
      reject(`messages: roles must alternate between "user" and "assistant", but found multiple "${message.role}" roles in a row`);
    }
    const blocks = blocksOf(message);
    const isFinalAssistant = i === last && message.role === 'assistant';
    if (blocks.length === 0 && !isFinalAssistant) {
      reject(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
    if (blocks.some((block) => block.type === 'text' && block.text === '')) {
      reject('messages: text content blocks must be non-empty');
    }
    const lastBlock = blocks.at(-1);
    if (isFinalAssistant && lastBlock?.type === 'text' && lastBlock.text !== lastBlock.text.trimEnd()) {
      reject('messages: final assistant content cannot end with trailing whitespace');
    }
  }
}

function missingToolResults(index: number, ids: string[]): never {
  reject(
    `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${ids.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
  );
}

function checkToolPairing(messages: Message[]): void {
  const seenToolUseIds = new Set<string>();
  for (const [i, message] of messages.entries()) {
    const blocks = blocksOf(message);
    if (message.role === 'assistant') {
      const ids: string[] = [];
      for (const [j, block] of blocks.entries()) {
        if (block.type !== 'tool_use') continue;
        if (seenToolUseIds.has(block.id)) reject(`messages.${i}.content.${j}: \`tool_use\` ids must be unique`);
        seenToolUseIds.add(block.id);
        ids.push(block.id);
      }
      if (ids.length === 0) continue;
      const next = messages[i + 1];
      if (next === undefined) missingToolResults(i, ids);
      const answered = new Set(blocksOf(next).flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : [])));
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) missingToolResults(i, missing);
      continue;
    }
    const previous = messages[i - 1];
    const calls = new Set(
      previous === undefined ? [] : blocksOf(previous).flatMap((block) => (block.type === 'tool_use' ? [block.id] : [])),
    );
    const answered = new Set<string>();
    let otherContentSeen = false;
    for (const [j, block] of blocks.entries()) {
      if (block.type !== 'tool_result') {
        otherContentSeen = true;
        continue;
      }
      if (!calls.has(block.tool_use_id) || answered.has(block.tool_use_id)) {
        reject(
          `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
      // Results have to lead the message; one that trails other content does not count as "immediately after".
      if (otherContentSeen) missingToolResults(i - 1, [block.tool_use_id]);
      answered.add(block.tool_use_id);
    }
  }
}

function checkThinking(request: MessagesRequest, signer: ThinkingSigner): void {
  const thinking = request.thinking;
  const thinkingOn = thinking !== undefined && thinking.type !== 'disabled';
  if (thinking?.type === 'enabled' && thinking.budget_tokens >= request.max_tokens) {
    reject(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${THINKING_DOCS}#max-tokens-and-context-window-size`);
  }
  if (thinkingOn) {
    if (request.temperature !== undefined && request.temperature !== 1) {
      reject(`\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`);
    }
    if (request.top_k !== undefined) {
      reject(`\`top_k\` must be unset when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`);
    }
    if (request.top_p !== undefined && request.top_p < 0.95) {
      reject(`\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`);
    }
    const choice = request.tool_choice?.type;
    if (choice === 'any' || choice === 'tool') reject('Thinking may not be enabled when tool_choice forces tool use.');
  }
  for (const [i, message] of request.messages.entries()) {
    if (message.role !== 'assistant') continue;
    const blocks = blocksOf(message);
    for (const [j, block] of blocks.entries()) {
      if (block.type === 'thinking' && !signer.verify(block.thinking, block.signature)) {
        reject(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
      // This fake never redacts, so no redacted_thinking data can be genuine.
      if (block.type === 'redacted_thinking') reject(`messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`);
    }
    const head = blocks[0];
    if (thinking?.type === 'enabled' && blocks.some((block) => block.type === 'tool_use') && head !== undefined) {
      if (head.type !== 'thinking' && head.type !== 'redacted_thinking') {
        reject(
          `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${head.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${THINKING_DOCS}`,
        );
      }
    }
  }
}

function checkTools(request: MessagesRequest): void {
  const tools = request.tools ?? [];
  const names = new Set(tools.map((tool) => tool.name));
  if (names.size !== tools.length) reject('tools: Tool names must be unique.');
  for (const [i, tool] of tools.entries()) {
    if (tool.input_schema.type !== 'object') reject(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
  }
  const choice = request.tool_choice;
  if (choice !== undefined && tools.length === 0) reject('tool_choice: tool_choice may only be specified while providing tools');
  if (choice?.type === 'tool' && !names.has(choice.name)) reject(`tool_choice.name: Tool '${choice.name}' not found in tools`);
  const usesTools = request.messages.some((message) =>
    blocksOf(message).some((block) => block.type === 'tool_use' || block.type === 'tool_result'),
  );
  if (usesTools && tools.length === 0) reject('Requests which include `tool_use` or `tool_result` blocks must define tools.');
}

function countCacheBreakpoints(request: MessagesRequest): number {
  const marked = (block: { cache_control?: unknown }): number => (block.cache_control == null ? 0 : 1);
  let count = 0;
  if (typeof request.system !== 'string') for (const block of request.system ?? []) count += marked(block);
  for (const tool of request.tools ?? []) count += marked(tool);
  for (const message of request.messages) for (const block of blocksOf(message)) count += 'cache_control' in block ? marked(block) : 0;
  return count;
}

type ContentBlock = Record<string, unknown> & { type: string };

function streamBlock(block: ContentBlock, index: number, pacing: FakeStreamPacing): FakeSseEvent[] {
  const event = (type: string, fields: Record<string, unknown>) => sseEvent({ type, index, ...fields }, type);
  const delta = (value: Record<string, unknown>) => event('content_block_delta', { delta: value });
  const events: FakeSseEvent[] = [];
  switch (block.type) {
    case 'thinking': {
      events.push(event('content_block_start', { content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const piece of deltasOf(String(block.thinking), pacing)) events.push(delta({ type: 'thinking_delta', thinking: piece }));
      // The signature comes last, once the thinking it signs is complete.
      events.push(delta({ type: 'signature_delta', signature: block.signature }));
      break;
    }
    case 'text': {
      events.push(event('content_block_start', { content_block: { type: 'text', text: '' } }));
      for (const piece of deltasOf(String(block.text), pacing)) events.push(delta({ type: 'text_delta', text: piece }));
      break;
    }
    default: {
      events.push(event('content_block_start', { content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      // The API opens every tool input with an empty fragment before the JSON itself.
      events.push(delta({ type: 'input_json_delta', partial_json: '' }));
      for (const piece of deltasOf(JSON.stringify(block.input), pacing)) events.push(delta({ type: 'input_json_delta', partial_json: piece }));
    }
  }
  events.push(event('content_block_stop', {}));
  return events;
}

/**
 * The message as the API streams it: `message_start` (empty content, input usage), a `ping`, per content
 * block `content_block_start`, its deltas (`thinking_delta`s then one `signature_delta`; `text_delta`s; for
 * tool_use an empty `input_json_delta` then the JSON's fragments) and `content_block_stop`, then
 * `message_delta` (stop_reason, usage) and `message_stop`.
 */
function messageStream(message: Record<string, unknown>, pacing: FakeStreamPacing): FakeStreamReply {
  const { service_tier: serviceTier, ...usage } = message.usage as Record<string, unknown>;
  const events: FakeSseEvent[] = [
    sseEvent(
      { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1, service_tier: serviceTier } } },
      'message_start',
    ),
    sseEvent({ type: 'ping' }, 'ping'),
  ];
  for (const [index, block] of (message.content as ContentBlock[]).entries()) events.push(...streamBlock(block, index, pacing));
  events.push(
    sseEvent({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage }, 'message_delta'),
    sseEvent({ type: 'message_stop' }, 'message_stop'),
  );
  return {
    headers: { 'request-id': randomId('req_011', 24) },
    events,
    closingEvents: 2,
    error: () => [sseEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error')],
  };
}

function createProtocol(): FakeProtocol<MessagesRequest> {
  const signer = new ThinkingSigner();
  const messageBody = (turn: FakeReplyTurn, request: MessagesRequest, rawBody: string): Record<string, unknown> => {
    const thinkingOn = request.thinking !== undefined && request.thinking.type !== 'disabled';
    const content: Record<string, unknown>[] = [];
    // Like the real model, the fake only thinks out loud when the request turned thinking on.
    if (thinkingOn && turn.reasoning !== undefined && turn.reasoning !== '') {
      content.push({ type: 'thinking', thinking: turn.reasoning, signature: signer.sign(turn.reasoning) });
    }
    if (turn.text !== undefined && turn.text !== '') content.push({ type: 'text', text: turn.text });
    const toolCalls = turn.toolCalls ?? [];
    for (const call of toolCalls) {
      content.push({ type: 'tool_use', id: randomId('toolu_01', 22), name: call.name, input: call.input });
    }
    const usage = usageFor(turn, rawBody);
    return {
      id: randomId('msg_01', 22),
      type: 'message',
      role: 'assistant',
      model: request.model,
      content,
      stop_reason: toolCalls.length > 0 ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: usage.input,
        output_tokens: usage.output,
        cache_creation_input_tokens: 0,
        // Like the real API: nothing is read from the cache unless the prompt marks a breakpoint.
        cache_read_input_tokens: countCacheBreakpoints(request) > 0 ? (usage.cacheRead ?? 0) : 0,
        service_tier: 'standard',
      },
    };
  };
  return {
    basePath: '/v1',
    accept(exchange, apiKey) {
      const { method, path, headers } = exchange.request;
      if (path !== MESSAGES_PATH) reject('Not Found', 404, 'not_found_error');
      if (method !== 'POST') reject(`Method ${method} not allowed for ${path}`, 405);
      const key = headers['x-api-key'];
      if (key === undefined || key === '') reject('x-api-key header is required', 401, 'authentication_error');
      if (key !== apiKey) reject('invalid x-api-key', 401, 'authentication_error');
      const version = headers['anthropic-version'];
      if (version === undefined || version === '') reject('anthropic-version: header is required');
      if (typeof version !== 'string' || !SUPPORTED_VERSIONS.has(version)) {
        reject(`anthropic-version: "${String(version)}" is not a supported API version (use 2023-06-01)`);
      }
      if (!exchange.json.ok) reject('There was an error parsing the body of your request: it is not valid JSON');
      const body = exchange.json.value;
      const parsed = requestSchema.safeParse(body);
      if (!parsed.success) reject(schemaMessage(firstSchemaProblem(parsed.error, body)));
      const request = parsed.data;
      checkRolesAndContent(request.messages);
      checkToolPairing(request.messages);
      checkTools(request);
      checkThinking(request, signer);
      const breakpoints = countCacheBreakpoints(request);
      if (breakpoints > MAX_CACHE_BREAKPOINTS) {
        reject(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
      }
      return request;
    },
    reply(turn, request, exchange) {
      return { status: 200, headers: { 'request-id': randomId('req_011', 24) }, body: messageBody(turn, request, exchange.rawBody) };
    },
    rateLimit(retryAfterSeconds) {
      return anthropicError(
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
        { 'retry-after': String(retryAfterSeconds), 'anthropic-ratelimit-requests-remaining': '0' },
      );
    },
    serverError(status) {
      return status === 529
        ? anthropicError(529, 'overloaded_error', 'Overloaded')
        : anthropicError(status, 'api_error', 'Internal server error');
    },
    scriptError(message) {
      return anthropicError(500, 'api_error', message);
    },
    stream: {
      requested: (request) => request.stream === true,
      errorStatus: 529,
      reply: (turn, request, exchange) => messageStream(messageBody(turn, request, exchange.rawBody), turn),
    },
  };
}

/**
 * Starts a strict fake Anthropic Messages server on 127.0.0.1.
 * Pass `baseURL` to `createAnthropic({ baseURL, apiKey })`. Thinking blocks appear in replies only when the
 * request enables thinking (as with the real API), signed so that only this server's signatures validate.
 * A streamed turn's events: 2 (`message_start`, `ping`), per thinking block 2 + its deltas + 1 signature
 * delta, per text block 2 + its deltas, per tool_use block 3 + its JSON fragments, and 2 (`message_delta`,
 * `message_stop`).
 */
export function startAnthropicServer(options: FakeServerOptions): Promise<FakeServer> {
  return startFakeHttpServer(createProtocol(), options);
}
