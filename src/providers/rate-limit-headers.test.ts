import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseResetMs } from './rate-limit-headers.js';

describe('rate-limit headers', () => {
  it('reads reset values as Go durations, seconds and dates', () => {
    expect(parseResetMs('937ms')).toBe(937);
    expect(parseResetMs('6m0s')).toBe(360_000);
    expect(parseResetMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetMs('20')).toBe(20_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseResetMs('2026-01-01T00:00:04Z', now)).toBe(4000);
    expect(parseResetMs('soon')).toBeUndefined();
    expect(parseResetMs('')).toBeUndefined();
  });

  it('reads OpenAI x-ratelimit-* headers, any case', () => {
    expect(
      parseRateLimitHeaders({
        'X-RateLimit-Limit-Requests': '600',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '100ms',
        'x-ratelimit-limit-tokens': '150000',
        'x-ratelimit-remaining-tokens': '149000',
        'x-ratelimit-reset-tokens': '6m0s',
      }),
    ).toEqual({ requestLimit: 600, requestsRemaining: 0, requestsResetMs: 100, tokenLimit: 150_000, tokensRemaining: 149_000, tokensResetMs: 360_000 });
  });

  it('reads Anthropic anthropic-ratelimit-* headers with RFC 3339 resets', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(
      parseRateLimitHeaders(
        { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z' },
        now,
      ),
    ).toEqual({ requestLimit: 50, requestsRemaining: 49, requestsResetMs: 1000 });
  });

  it('returns undefined when there is nothing to read, and skips garbage values', () => {
    expect(parseRateLimitHeaders(undefined)).toBeUndefined();
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' })).toBeUndefined();
    expect(parseRateLimitHeaders({ 'x-ratelimit-limit-requests': 'lots', 'x-ratelimit-remaining-requests': '-3' })).toBeUndefined();
  });
});
