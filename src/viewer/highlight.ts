import { escapeHtml } from '../core/escape-html.js';

/** A span of text to mark, with the id its anchor gets (`ev-…`) and a tooltip. */
export interface Mark {
  quote: string;
  anchor: string;
  title: string;
}

/**
 * Escapes `text` and wraps the first occurrence of each quote in `<mark>`, so the evidence of a verdict is
 * highlighted where it occurs. Matching happens on the raw text and each piece is escaped on its own, so a
 * quote can never smuggle markup in; overlapping quotes keep the earlier one.
 */
export function highlight(text: string, marks: readonly Mark[]): string {
  const spans: { start: number; end: number; mark: Mark }[] = [];
  for (const mark of marks) {
    if (mark.quote.length === 0) continue;
    const start = text.indexOf(mark.quote);
    if (start < 0) continue;
    const end = start + mark.quote.length;
    if (spans.some((s) => start < s.end && s.start < end)) continue;
    spans.push({ start, end, mark });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += escapeHtml(text.slice(at, span.start));
    out += `<mark class="evidence" id="${escapeHtml(span.mark.anchor)}" title="${escapeHtml(span.mark.title)}">${escapeHtml(text.slice(span.start, span.end))}</mark>`;
    at = span.end;
  }
  return out + escapeHtml(text.slice(at));
}
