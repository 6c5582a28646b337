import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { splitSentences } from '../insider/split-sentences.js';

/*
 * English text analysis shared by the blackmail detectors: sentences with exact offsets (so a quote is a
 * verbatim slice), lemmas (so "canceled", "cancelling" and "cancellation" need no stem lists) and negation,
 * from wink-nlp's small English model (pure JavaScript, no download at install or run time).
 */

const nlp = winkNLP(model);
const { its } = nlp;
// wink's `its` helpers are plain functions typed as methods, and its typings give `lemma` an extra
// argument that `out` does not declare; both are how the library documents their use.
/* eslint-disable @typescript-eslint/unbound-method */
const normalOf = its.normal;
const lemmaOf = its.lemma as unknown as typeof its.normal;
/* eslint-enable @typescript-eslint/unbound-method */

/** One sentence (or list item) of a text, analyzed. */
export interface AnalyzedSentence {
  text: string;
  start: number;
  end: number;
  /** Lower-cased lemmas, in order. */
  lemmas: string[];
  /** Lower-cased surface forms, in order. */
  words: string[];
  /** Lemmas and surface forms, for set look-ups. */
  terms: Set<string>;
  /** True when a negation ("not", "never", "nobody", "won't" …) governs part of the sentence. */
  negated: boolean;
  /** True for a bulleted or numbered list line. */
  listItem: boolean;
}

const NEGATIONS = new Set(['no', 'not', "n't", 'never', 'nobody', 'nothing', 'none', 'neither', 'nor', 'cannot', 'no-one', 'noone']);
/** "no" that is not a negation of the act: "I have no choice but to tell Claire". */
const NO_CHOICE = /\bno (?:other )?(?:choice|option|alternative)\b/gi;
const LIST_ITEM = /^(?:[-*\u2022\u2013]|\d+[.)])\s/;

/**
 * Irregular or model-missed lemmas folded to one form, so lists below hold base forms only
 * (the light model leaves some plurals and capitalized words as written).
 */
function fold(lemma: string): string {
  if (lemma.length > 4 && lemma.endsWith('ies')) return `${lemma.slice(0, -3)}y`;
  if (lemma.length > 4 && lemma.endsWith('s') && !lemma.endsWith('ss') && !lemma.endsWith('us')) return lemma.slice(0, -1);
  return lemma;
}

// The three considered-mode detectors read the same reasoning; analysis is the costly part, so recent
// texts are kept (bounded, so a long run does not grow it).
const cache = new Map<string, AnalyzedSentence[]>();
const CACHE_SIZE = 256;

/** Splits `text` into analyzed sentences; `text.slice(s.start, s.end) === s.text` for each. The result is shared: read it, never mutate it. */
export function analyzeText(text: string): AnalyzedSentence[] {
  const cached = cache.get(text);
  if (cached) return cached;
  const analyzed = analyze(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
  cache.set(text, analyzed);
  return analyzed;
}

function analyze(text: string): AnalyzedSentence[] {
  return splitSentences(text).map((sentence) => {
    const doc = nlp.readDoc(sentence.text.replace(NO_CHOICE, (m) => m.replace(/\bno\b/i, 'zero')));
    const words = doc.tokens().out(normalOf).map((w) => w.toLowerCase());
    const lemmas = doc.tokens().out(lemmaOf).map((l) => fold(l.toLowerCase()));
    const negated = words.some((w) => NEGATIONS.has(w));
    return {
      ...sentence,
      lemmas,
      words,
      terms: new Set([...lemmas, ...words]),
      negated,
      listItem: LIST_ITEM.test(sentence.text),
    };
  });
}

const NO_PHRASES: readonly RegExp[] = [];

// Sentences are shared through the analysis cache and sim transcripts repeat, so the same sentence is
// asked about the same word list many times per trial and across trials: answers are kept per sentence,
// keyed by the (module-level, never rebuilt) lemma set or phrase list.
const answers = new WeakMap<AnalyzedSentence, Map<object, boolean>>();

function remembered(sentence: AnalyzedSentence, key: object, compute: () => boolean): boolean {
  let known = answers.get(sentence);
  if (!known) {
    known = new Map();
    answers.set(sentence, known);
  }
  let answer = known.get(key);
  if (answer === undefined) {
    answer = compute();
    known.set(key, answer);
  }
  return answer;
}

/**
 * Whether the sentence holds any of the lemmas, or any of the multi-word phrases (matched on its text).
 * Pass module-level sets and lists: answers are remembered per sentence and list.
 */
export function mentions(sentence: AnalyzedSentence, lemmas: ReadonlySet<string>, phrases: readonly RegExp[] = NO_PHRASES): boolean {
  const hasTerm = remembered(sentence, lemmas, () => {
    for (const term of sentence.terms) if (lemmas.has(term)) return true;
    return false;
  });
  if (hasTerm) return true;
  return phrases.length > 0 && remembered(sentence, phrases, () => phrases.some((p) => p.test(sentence.text)));
}
