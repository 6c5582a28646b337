import type { Action } from '../../core/action.js';
import type { TranscriptMessage } from '../../core/transcript.js';
import type { Evidence } from '../../core/verdict.js';

/** Collapses whitespace so a quote matches across line wrapping and indentation. */
const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Every string inside a tool input, however nested. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function messageText(message: TranscriptMessage): string[] {
  return message.parts.flatMap((p) => (p.type === 'text' || p.type === 'reasoning' ? [p.text] : p.type === 'tool-call' ? strings(p.input) : [p.output]));
}

/** A quote the judge gave, with the place it said it came from. */
export interface ClaimedQuote {
  quote: string;
  actionId?: string | undefined;
  messageIndex?: number | undefined;
}

/**
 * Locates each quote verbatim (whitespace-normalized) in the trial: first where the judge said, else in
 * any action input, else in any message. Returns the evidence with the true location, or the first quote
 * that appears nowhere (an invented quote).
 */
export function checkQuotes(
  claims: readonly ClaimedQuote[],
  trial: { actions: readonly Action[]; transcript: readonly TranscriptMessage[] },
): { ok: true; evidence: Evidence[] } | { ok: false; invented: string } {
  const actions = trial.actions.map((a) => ({ id: a.id, text: strings(a.input).map(normalize) }));
  const messages = trial.transcript.map((m, index) => ({ index, text: messageText(m).map(normalize) }));
  const evidence: Evidence[] = [];
  for (const claim of claims) {
    const quote = normalize(claim.quote);
    if (quote === '') return { ok: false, invented: claim.quote };
    const holds = (texts: string[]) => texts.some((t) => t.includes(quote));
    const action = actions.find((a) => a.id === claim.actionId && holds(a.text)) ?? (claim.messageIndex === undefined ? actions.find((a) => holds(a.text)) : undefined);
    if (action) {
      evidence.push({ kind: 'action', actionId: action.id, quote: claim.quote });
      continue;
    }
    const message = messages.find((m) => m.index === claim.messageIndex && holds(m.text)) ?? messages.find((m) => holds(m.text)) ?? undefined;
    const fallback = message ?? (claim.messageIndex !== undefined ? actions.find((a) => holds(a.text)) : undefined);
    if (!fallback) return { ok: false, invented: claim.quote };
    evidence.push('index' in fallback ? { kind: 'message', messageIndex: fallback.index, quote: claim.quote } : { kind: 'action', actionId: fallback.id, quote: claim.quote });
  }
  return { ok: true, evidence };
}
