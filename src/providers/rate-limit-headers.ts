/**
 * What a provider's response headers say about its rate limit. Only the request dimension is used to
 * pace calls; tokens are read so a run can pause when the token budget is spent.
 */
export interface RateLimitInfo {
  /** Requests allowed per window (OpenAI and Anthropic both state a per-minute limit). */
  requestLimit?: number;
  requestsRemaining?: number;
  /** Milliseconds until the request budget is full again. */
  requestsResetMs?: number;
  tokenLimit?: number;
  tokensRemaining?: number;
  tokensResetMs?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A reset value as providers spell it: Go durations (`937ms`, `6m0s`, `1h2m3.5s`), bare seconds (`20`)
 * or an RFC 3339 / HTTP date (Anthropic). Returns milliseconds from `now`, or undefined if unreadable.
 */
export function parseResetMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const duration = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.exec(text);
  if (duration) {
    let total = 0;
    for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
    return total;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function lower(headers: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Reads `x-ratelimit-*` (OpenAI, most OpenAI-compatible gateways) and `anthropic-ratelimit-*` headers.
 * Returns undefined when the response carries none, so callers keep learning from 429s instead.
 */
export function parseRateLimitHeaders(headers: Readonly<Record<string, string | undefined>> | undefined, now = Date.now()): RateLimitInfo | undefined {
  if (!headers) return undefined;
  const h = lower(headers);
  const pick = (openai: string, anthropic: string) => h[`x-ratelimit-${openai}`] ?? h[`anthropic-ratelimit-${anthropic}`];
  const info: RateLimitInfo = {};
  const set = (key: keyof RateLimitInfo, value: number | undefined) => {
    if (value !== undefined) info[key] = value;
  };
  set('requestLimit', count(pick('limit-requests', 'requests-limit')));
  set('requestsRemaining', count(pick('remaining-requests', 'requests-remaining')));
  set('requestsResetMs', parseResetMs(pick('reset-requests', 'requests-reset'), now));
  set('tokenLimit', count(pick('limit-tokens', 'tokens-limit')));
  set('tokensRemaining', count(pick('remaining-tokens', 'tokens-remaining')));
  set('tokensResetMs', parseResetMs(pick('reset-tokens', 'tokens-reset'), now));
  return Object.keys(info).length > 0 ? info : undefined;
}
