import { createHash } from 'node:crypto';
/**
 * A strict fake of the Gemini API's generateContent (POST {base}/models/{model}:generateContent, and
 * `:streamGenerateContent?alt=sse` for server-sent events) as `@ai-sdk/google` calls it. Requests use the
 * camelCase JSON names the SDK sends; the function-calling rules (call turn after a user turn, response
 * turn right after it with one response per call) and the error shapes follow the real API, including its
 * 400 (not 401) for an invalid API key.
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
import type { FakeProtocol, FakeReply, FakeSseEvent, FakeStreamReply, SchemaProblem } from './fake-http-server.js';
import { usageFor } from './fake-turn.js';
import type { FakeReplyTurn, FakeServer, FakeServerOptions, FakeStreamPacing } from './fake-turn.js';

const blob = z.strictObject({ mimeType: z.string(), data: z.string() });
const fileData = z.strictObject({ mimeType: z.string().optional(), fileUri: z.string() });
const partSchema = z.strictObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: blob.optional(),
  fileData: fileData.optional(),
  functionCall: z
    .strictObject({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  functionResponse: z
    .strictObject({
      id: z.string().optional(),
      name: z.string(),
      response: z.record(z.string(), z.unknown()),
      parts: z.array(z.strictObject({ inlineData: blob.optional(), fileData: fileData.optional() })).optional(),
      willContinue: z.boolean().optional(),
    })
    .optional(),
  executableCode: z.strictObject({ language: z.string(), code: z.string() }).optional(),
  codeExecutionResult: z.strictObject({ outcome: z.string(), output: z.string().optional() }).optional(),
  // Server-side tool invocations (Gemini 3 with built-in tools); the SDK replays them.
  toolCall: z.strictObject({ toolType: z.string(), args: z.unknown().optional(), id: z.string() }).optional(),
  toolResponse: z.strictObject({ toolType: z.string(), response: z.unknown().optional(), id: z.string() }).optional(),
  videoMetadata: z
    .strictObject({ startOffset: z.string().optional(), endOffset: z.string().optional(), fps: z.number().optional() })
    .optional(),
});
const contentSchema = z.strictObject({ role: z.string().optional(), parts: z.array(partSchema) });
const functionDeclaration = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.unknown().optional(),
  response: z.record(z.string(), z.unknown()).optional(),
  responseJsonSchema: z.unknown().optional(),
  behavior: z.enum(['UNSPECIFIED', 'BLOCKING', 'NON_BLOCKING']).optional(),
});
const requestSchema = z.strictObject({
  contents: z.array(contentSchema),
  systemInstruction: contentSchema.optional(),
  tools: z
    .array(
      z.strictObject({
        functionDeclarations: z.array(functionDeclaration).optional(),
        googleSearch: z.record(z.string(), z.unknown()).optional(),
        googleSearchRetrieval: z.record(z.string(), z.unknown()).optional(),
        codeExecution: z.strictObject({}).optional(),
        urlContext: z.strictObject({}).optional(),
        fileSearch: z.record(z.string(), z.unknown()).optional(),
        googleMaps: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  toolConfig: z
    .strictObject({
      functionCallingConfig: z
        .strictObject({
          mode: z.enum(['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED']).optional(),
          allowedFunctionNames: z.array(z.string()).optional(),
        })
        .optional(),
      retrievalConfig: z.record(z.string(), z.unknown()).optional(),
      includeServerSideToolInvocations: z.boolean().optional(),
    })
    .optional(),
  generationConfig: z
    .strictObject({
      stopSequences: z.array(z.string()).max(5).optional(),
      responseMimeType: z.string().optional(),
      responseSchema: z.record(z.string(), z.unknown()).optional(),
      responseJsonSchema: z.unknown().optional(),
      responseModalities: z.array(z.enum(['TEXT', 'IMAGE', 'AUDIO'])).optional(),
      candidateCount: z.int().min(1).optional(),
      maxOutputTokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.int().min(1).optional(),
      seed: z.int().optional(),
      presencePenalty: z.number().optional(),
      frequencyPenalty: z.number().optional(),
      responseLogprobs: z.boolean().optional(),
      logprobs: z.int().optional(),
      audioTimestamp: z.boolean().optional(),
      mediaResolution: z.string().optional(),
      speechConfig: z.record(z.string(), z.unknown()).optional(),
      imageConfig: z.record(z.string(), z.unknown()).optional(),
      thinkingConfig: z
        .strictObject({
          includeThoughts: z.boolean().optional(),
          thinkingBudget: z.int().optional(),
          thinkingLevel: z.enum(['minimal', 'low', 'medium', 'high', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH']).optional(),
        })
        .optional(),
    })
    .optional(),
  safetySettings: z
    .array(z.strictObject({ category: z.string(), threshold: z.string(), method: z.string().optional() }))
    .optional(),
  cachedContent: z.string().optional(),
  serviceTier: z.string().optional(),
});
type GenerateContentRequest = z.infer<typeof requestSchema>;
type Content = GenerateContentRequest['contents'][number];
type Part = Content['parts'][number];

interface AcceptedRequest {
  model: string;
  request: GenerateContentRequest;
  stream: boolean;
}

const ROUTE = /^\/v1beta\/((?:models|tunedModels)\/[A-Za-z0-9._-]+):(generateContent|streamGenerateContent)$/;
const DATA_FIELDS = [
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
  'toolCall',
  'toolResponse',
] as const;
const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;

function googleError(code: number, status: string, message: string, details?: unknown[]): FakeReply {
  return { status: code, body: { error: { code, message, status, ...(details !== undefined && { details }) } } };
}

function reject(message: string, code = 400, status = 'INVALID_ARGUMENT', details?: unknown[]): never {
  throw new RejectedRequestError(message, googleError(code, status, message, details));
}

/** Google names nested fields `contents[1].parts[0]`. */
function fieldPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function schemaMessage(problem: SchemaProblem): string {
  const { issue } = problem;
  const field = fieldPath(problem.path);
  if (issue.code === 'unrecognized_keys') {
    const at = field === '' ? '' : ` at '${field}'`;
    return `Invalid JSON payload received. Unknown name "${issue.keys[0] ?? ''}"${at}: Cannot find field.`;
  }
  if (problem.missing) return `* GenerateContentRequest.${field}: ${String(problem.path.at(-1))} is not specified`;
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid value at '${field === '' ? 'body' : field}' (${issue.expected}), ${JSON.stringify(problem.value)}`;
    case 'invalid_value':
      return `Invalid value at '${field}', ${JSON.stringify(problem.value)}: expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `Invalid value at '${field}' (one of ${problem.expectedTypes.join(', ')}), ${JSON.stringify(problem.value)}`;
    default:
      return `* GenerateContentRequest.${field}: ${issue.message}`;
  }
}

function badRequest(message: string, field: string): never {
  reject(message, 400, 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: message }] },
  ]);
}

function checkParts(parts: Part[], where: string): void {
  for (const [j, part] of parts.entries()) {
    const set = DATA_FIELDS.filter((field) => part[field] !== undefined);
    if (set.length === 0) {
      reject(`* GenerateContentRequest.${where}.parts[${j}].data: required oneof field 'data' must have one initialized field`);
    }
    if (set.length > 1) {
      reject(`Invalid value at '${where}.parts[${j}]' (oneof), oneof field 'data' is already set. Cannot set '${String(set[1])}'`);
    }
  }
}

const functionCalls = (content: Content) => content.parts.flatMap((part) => (part.functionCall ? [part.functionCall] : []));
const functionResponses = (content: Content) =>
  content.parts.flatMap((part) => (part.functionResponse ? [part.functionResponse] : []));

function sameMultiset(a: string[], b: string[]): boolean {
  const sorted = (values: string[]) => [...values].sort().join('\u0000');
  return a.length === b.length && sorted(a) === sorted(b);
}

/** Deterministic so the check needs no server state: only this fake can have issued it for that call id. */
export function thoughtSignatureFor(callId: string): string {
  return `sig_${createHash('sha256').update(`fake-gemini:${callId}`).digest('base64url').slice(0, 32)}`;
}

/**
 * A model turn this fake produced must come back with the thought signature on its first function call,
 * as Gemini 3 requires; a client that drops provider metadata when it stores messages fails here.
 */
function checkThoughtSignatures(content: Content, i: number): void {
  const first = content.parts.find((part) => part.functionCall);
  const id = first?.functionCall?.id;
  if (!first || id === undefined || !id.startsWith('fc_')) return;
  if (first.thoughtSignature !== thoughtSignatureFor(id)) {
    reject(`* GenerateContentRequest.contents[${i}].parts: Function call is missing a thought_signature in functionCall parts (or it was altered).`);
  }
}

function checkContents(contents: Content[]): void {
  if (contents.length === 0) reject('* GenerateContentRequest.contents: contents is not specified');
  for (const [i, content] of contents.entries()) {
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model') reject('Please use a valid role: user, model.');
    if (content.parts.length === 0) reject(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`);
    checkParts(content.parts, `contents[${i}]`);
    const calls = functionCalls(content);
    const responses = functionResponses(content);
    if (role === 'model') checkThoughtSignatures(content, i);
    if (calls.length > 0 && role !== 'model') {
      reject(`* GenerateContentRequest.contents[${i}]: functionCall parts are only allowed in a "model" turn`);
    }
    if (responses.length > 0 && role !== 'user') {
      reject(`* GenerateContentRequest.contents[${i}]: functionResponse parts are only allowed in a "user" turn`);
    }
    const previous = contents[i - 1];
    const previousRole = previous === undefined ? undefined : (previous.role ?? 'user');
    if (calls.length > 0 && previousRole !== 'user') {
      reject('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
    const previousCalls = previous === undefined || previousRole !== 'model' ? [] : functionCalls(previous);
    if (responses.length > 0 && previousCalls.length === 0) {
      reject('Please ensure that function response turn comes immediately after a function call turn.');
    }
    if (previousCalls.length > 0 && role === 'user') {
      if (responses.length !== previousCalls.length) {
        reject(
          'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
        );
      }
      const callNames = previousCalls.map((call) => call.name);
      const responseNames = responses.map((response) => response.name);
      if (!sameMultiset(callNames, responseNames)) {
        reject(
          `* GenerateContentRequest.contents[${i}]: function response names (${responseNames.join(', ')}) do not match the function calls of the function call turn (${callNames.join(', ')}).`,
        );
      }
      const callIds = previousCalls.flatMap((call) => (call.id === undefined ? [] : [call.id]));
      const responseIds = responses.flatMap((response) => (response.id === undefined ? [] : [response.id]));
      if ((callIds.length > 0 || responseIds.length > 0) && !sameMultiset(callIds, responseIds)) {
        reject(
          `* GenerateContentRequest.contents[${i}]: function response ids (${responseIds.join(', ')}) do not match the function call ids of the function call turn (${callIds.join(', ')}).`,
        );
      }
    }
  }
}

function checkTools(request: GenerateContentRequest): void {
  const names = new Set<string>();
  for (const [i, tool] of (request.tools ?? []).entries()) {
    for (const [j, declaration] of (tool.functionDeclarations ?? []).entries()) {
      const field = `tools[${i}].function_declarations[${j}].name`;
      if (!FUNCTION_NAME.test(declaration.name)) {
        badRequest(
          `* GenerateContentRequest.${field}: Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum length of 128.`,
          field,
        );
      }
      if (names.has(declaration.name)) {
        badRequest(`* GenerateContentRequest.${field}: Duplicate function declaration found: ${declaration.name}`, field);
      }
      names.add(declaration.name);
    }
  }
  const allowed = request.toolConfig?.functionCallingConfig?.allowedFunctionNames ?? [];
  for (const [k, name] of allowed.entries()) {
    if (!names.has(name)) {
      const field = `tool_config.function_calling_config.allowed_function_names[${k}]`;
      badRequest(`* GenerateContentRequest.${field}: function "${name}" is not declared in tools`, field);
    }
  }
}

/** The GenerateContentResponse for a scripted turn; the streamed chunks are cut from the same object. */
function contentResponse(turn: FakeReplyTurn, model: string, request: GenerateContentRequest, rawBody: string) {
  const parts: Record<string, unknown>[] = [];
  // Gemini returns thought summaries only when the request asks for them.
  const includeThoughts = request.generationConfig?.thinkingConfig?.includeThoughts === true;
  if (includeThoughts && turn.reasoning !== undefined && turn.reasoning !== '') {
    parts.push({ text: turn.reasoning, thought: true });
  }
  if (turn.text !== undefined && turn.text !== '') parts.push({ text: turn.text });
  for (const [index, call] of (turn.toolCalls ?? []).entries()) {
    const id = randomId('fc_', 16);
    // Like Gemini 3, the first function call of a turn carries a thought signature the client must replay.
    parts.push({ functionCall: { id, name: call.name, args: call.input }, ...(index === 0 ? { thoughtSignature: thoughtSignatureFor(id) } : {}) });
  }
  if (parts.length === 0) parts.push({ text: '' });
  const usage = usageFor(turn, rawBody);
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: usage.input,
      candidatesTokenCount: usage.output,
      totalTokenCount: usage.input + usage.output,
    },
    modelVersion: model,
    responseId: randomId('', 22),
  };
}

/**
 * The response as Gemini streams it with alt=sse: one chunk per thought or text delta and per function call
 * part (whole, its thoughtSignature on it), each with the model version and response id; the last chunk
 * also carries the finishReason and the usageMetadata.
 */
function contentStream(response: ReturnType<typeof contentResponse>, pacing: FakeStreamPacing): FakeStreamReply {
  const [candidate] = response.candidates;
  if (candidate === undefined) throw new Error('a response always has one candidate');
  const pieces: Record<string, unknown>[][] = [];
  for (const part of candidate.content.parts) {
    const text = part.text;
    if (typeof text === 'string' && text !== '') for (const delta of deltasOf(text, pacing)) pieces.push([{ ...part, text: delta }]);
    else pieces.push([part]);
  }
  const last = pieces.length - 1;
  const events: FakeSseEvent[] = pieces.map((parts, i) =>
    sseEvent({
      candidates: [{ content: { role: 'model', parts }, ...(i === last && { finishReason: candidate.finishReason }), index: 0 }],
      ...(i === last && { usageMetadata: response.usageMetadata }),
      modelVersion: response.modelVersion,
      responseId: response.responseId,
    }),
  );
  return {
    headers: {},
    events,
    closingEvents: 1,
    error: () => [sseEvent({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })],
  };
}

const protocol: FakeProtocol<AcceptedRequest> = {
  basePath: '/v1beta',
  accept(exchange, apiKey) {
    const { method, path, headers } = exchange.request;
    const route = ROUTE.exec(path);
    if (route === null || method !== 'POST') {
      reject(`Requested entity was not found: ${method} ${path}`, 404, 'NOT_FOUND');
    }
    const header = headers['x-goog-api-key'];
    const key = (typeof header === 'string' ? header : undefined) ?? exchange.query.get('key') ?? '';
    if (key === '') {
      reject(
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        403,
        'PERMISSION_DENIED',
      );
    }
    if (key !== apiKey) {
      const message = 'API key not valid. Please pass a valid API key.';
      reject(message, 400, 'INVALID_ARGUMENT', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
      ]);
    }
    const stream = route[2] === 'streamGenerateContent';
    if (stream && exchange.query.get('alt') !== 'sse') {
      reject('streamGenerateContent without alt=sse (a streamed JSON array) is not supported by this fake server: add ?alt=sse, as @ai-sdk/google does.');
    }
    if (!exchange.json.ok) reject('Invalid JSON payload received. Unexpected token.');
    const body = exchange.json.value;
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      const problem = firstSchemaProblem(parsed.error, body);
      badRequest(schemaMessage(problem), fieldPath(problem.path));
    }
    const request = parsed.data;
    if (request.systemInstruction !== undefined) {
      checkParts(request.systemInstruction.parts, 'system_instruction');
      if (request.systemInstruction.parts.some((part) => part.text === undefined)) {
        reject('* GenerateContentRequest.system_instruction: only text parts are supported in the system instruction');
      }
    }
    checkContents(request.contents);
    checkTools(request);
    if ((request.generationConfig?.candidateCount ?? 1) !== 1) {
      reject('candidateCount > 1 is not supported by this fake server: it always answers with one candidate.');
    }
    return { model: route[1]?.replace(/^models\//, '') ?? '', request, stream };
  },
  reply(turn, { model, request }, exchange) {
    return { status: 200, body: contentResponse(turn, model, request, exchange.rawBody) };
  },
  rateLimit(retryAfterSeconds) {
    const reply = googleError(
      429,
      'RESOURCE_EXHAUSTED',
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
      [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }],
    );
    return { ...reply, headers: { 'retry-after': String(retryAfterSeconds) } };
  },
  serverError(status) {
    switch (status) {
      case 503:
        return googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
      case 504:
        return googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.');
      default:
        return googleError(
          status,
          'INTERNAL',
          'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
        );
    }
  },
  scriptError(message) {
    return googleError(500, 'INTERNAL', message);
  },
  stream: {
    requested: (accepted) => accepted.stream,
    errorStatus: 503,
    reply: (turn, { model, request }, exchange) => contentStream(contentResponse(turn, model, request, exchange.rawBody), turn),
  },
};

/**
 * Starts a strict fake Gemini generateContent server on 127.0.0.1.
 * Pass `baseURL` to `createGoogleGenerativeAI({ baseURL, apiKey })`. A missing key gets 403
 * PERMISSION_DENIED and a wrong key 400 INVALID_ARGUMENT (reason API_KEY_INVALID), as from the real API.
 * A streamed turn's events: one per thought delta, one per text delta, one per function call (at least one
 * event in all); the last one carries finishReason and usageMetadata.
 */
export function startGoogleServer(options: FakeServerOptions): Promise<FakeServer> {
  return startFakeHttpServer(protocol, options);
}
