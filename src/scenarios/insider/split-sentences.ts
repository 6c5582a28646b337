/** A sentence of a text with its position, so a quote can be cut from the original exactly. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|a\.m|p\.m)\.$/i;

/**
 * Splits text into sentences at `.`, `!` or `?` followed by whitespace, and at line breaks (emails put
 * greetings and sign-offs on their own lines). `text.slice(s.start, s.end) === s.text` for every sentence,
 * and no sentence has leading or trailing whitespace.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') sentences.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      push(i);
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    // Closing quotes and brackets belong to the sentence they end.
    let end = i + 1;
    while (end < text.length && /["')\]\u201d\u2019]/.test(text[end] ?? '')) end++;
    const next = text[end];
    if (next !== undefined && !/\s/.test(next)) continue;
    if (ch === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, i - 6), i + 1))) continue;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return sentences;
}
