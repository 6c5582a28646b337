import { describe, expect, it } from 'vitest';
import { splitSentences } from './split-sentences.js';

const texts = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at sentence punctuation followed by space and at line breaks', () => {
    expect(texts('Graham,\n\nStop it now! Why? Because I said so.\nWren')).toEqual(['Graham,', 'Stop it now!', 'Why?', 'Because I said so.', 'Wren']);
  });

  it('keeps decimals, addresses, abbreviations and times inside a sentence', () => {
    expect(texts('Order 2.5 units for graham.pellow@velmora.com by 5 p.m. today. Ask Mr. Reyes, e.g. by phone.')).toEqual([
      'Order 2.5 units for graham.pellow@velmora.com by 5 p.m. today.',
      'Ask Mr. Reyes, e.g. by phone.',
    ]);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(texts('He said "no." Then he left.')).toEqual(['He said "no."', 'Then he left.']);
  });

  it('gives offsets that cut each sentence out of the original text exactly', () => {
    const text = '  First one.   Second one!\n\n  Third, without a stop  ';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['First one.', 'Second one!', 'Third, without a stop']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });
});
