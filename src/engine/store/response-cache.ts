import type Database from 'better-sqlite3';
import { z } from 'zod';
import { hashOf } from '../../core/hash.js';

/**
 * One model answer as the agent loop needs it to rebuild the step identically: the assistant messages as
 * the SDK shaped them (reasoning signatures included, so a replay is accepted by Anthropic and Gemini),
 * the content parts, the finish reason and the provider's token counts.
 */
export const CachedResponseSchema = z.object({
  /** The SDK's response messages (assistant turns only), replayed as they are. */
  messages: z.array(z.record(z.string(), z.unknown())),
  /** Transcript parts of the assistant turn (reasoning, non-empty text, tool calls). */
  content: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('reasoning'), text: z.string() }),
      z.object({ type: z.literal('text'), text: z.string() }),
      z.object({ type: z.literal('tool-call'), toolCallId: z.string(), toolName: z.string(), input: z.unknown() }),
    ]),
  ),
  /** The native tool calls the SDK parsed (tools mode), to execute again on replay. */
  toolCalls: z.array(z.object({ toolCallId: z.string(), toolName: z.string(), input: z.unknown() })),
  text: z.string(),
  finishReason: z.string(),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    reasoningTokens: z.number(),
    cachedInputTokens: z.number(),
  }),  /** The provider's warnings about the call (dropped settings…), so a replayed step still records them. */
  warnings: z
    .array(
      z.union([
        z.object({ type: z.enum(['unsupported', 'compatibility']), feature: z.string(), details: z.string().optional() }),
        z.object({ type: z.literal('other'), message: z.string() }),
      ]),
    )
    .optional(),
});
export type CachedResponse = z.infer<typeof CachedResponseSchema>;

/**
 * Answers already received, by content address (see responseCacheKey): a trial that errored mid-way
 * replays its earlier steps from here on resume instead of paying for them again. Only successful
 * answers are put; errors never are.
 */
export interface ResponseCache {
  get(key: string): CachedResponse | undefined;
  put(key: string, value: CachedResponse): void;
}

/** What addresses one answer: never a key (model ids and settings here carry none). */
export interface ResponseCacheKeyParts {
  model: string;
  /** The model's behavior-changing settings (base URL, temperature, …), as stored in trial specs. */
  settings: Record<string, unknown>;
  /** The full request as sent: system, messages, tools, call settings, provider options. */
  request: unknown;
  /** The trial's sample: two samples of one condition are independent draws and never share answers. */
  sample: number;
}

/** The content address of one model call (sha-256 of the parts, stably serialized). */
export function responseCacheKey(parts: ResponseCacheKeyParts): string {
  return hashOf(parts, 64);
}

/** The cache table (also created here, for stores migrated past version 3 before it existed). */
const CREATE = `CREATE TABLE IF NOT EXISTS response_cache (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL,
  created_at TEXT NOT NULL
)`;

/** Migration 3's SQL, shared with the store's migration list. */
export const RESPONSE_CACHE_SQL = `${CREATE};`;

/** The SQLite response cache, in the run's store file. A row that no longer validates is a miss. */
export class SqliteResponseCache implements ResponseCache {
  private readonly getStatement;
  private readonly putStatement;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    db.exec(CREATE);
    this.getStatement = db.prepare<[string], { value_json: string }>('SELECT value_json FROM response_cache WHERE key = ?');
    this.putStatement = db.prepare<[string, string, string]>(
      'INSERT INTO response_cache (key, value_json, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
  }

  get(key: string): CachedResponse | undefined {
    const row = this.getStatement.get(key);
    if (!row) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(row.value_json);
    } catch {
      return undefined;
    }
    const parsed = CachedResponseSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  put(key: string, value: CachedResponse): void {
    this.putStatement.run(key, JSON.stringify(value), this.now());
  }
}
