import { fullGrid } from '../../../scenarios/condition-grid.js';
import type { ScenarioRegistry } from '../../../scenarios/scenario-registry.js';
import { words } from './minhash.js';

/** Shared word sequences at least this long count as contamination (13-grams, as in LLM decontamination work). */
export const CONTAMINATION_NGRAM = 13;

/** 53-bit hash of an n-gram (two 32-bit FNV variants), so the index holds numbers, not strings. */
function ngramHash(parts: readonly string[]): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ 32, 0x01000193);
    b = Math.imul(b ^ 32, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) >>> 11);
}

/** Every string inside a value (the inbox, files, alerts of an initial state). */
function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
}

/**
 * The n-grams of every evaluation prompt, so that no training example shares a long word sequence with
 * a test: a model trained on the test would make the before/after comparison meaningless.
 */
export class ContaminationIndex {
  private readonly hashes = new Set<number>();
  /** Distinct texts indexed, for the dataset card. */
  sources = 0;

  constructor(private readonly n = CONTAMINATION_NGRAM) {}

  /**
   * Indexes every condition of every registered scenario (the full factorial grid, toggles included):
   * system prompt, first message, every string of the initial state and the tool descriptions.
   */
  static fromScenarios(scenarios: ScenarioRegistry, extraTexts: readonly string[] = []): ContaminationIndex {
    const index = new ContaminationIndex();
    // Conditions share most of their text (the same emails and tools across a grid of thousands of cells
    // once every scenario and variant is in); each distinct text is hashed once.
    const texts = new Set<string>();
    for (const scenario of scenarios.list()) {
      for (const condition of fullGrid(scenario)) {
        const instance = scenario.render(condition);
        const found = [instance.system, instance.firstMessage, ...instance.tools.map((t) => t.description)];
        strings(instance.initialState, found);
        for (const text of found) texts.add(text);
      }
    }
    for (const text of extraTexts) texts.add(text);
    for (const text of texts) index.add(text);
    return index;
  }

  add(text: string): void {
    const w = words(text);
    this.sources++;
    for (let i = 0; i + this.n <= w.length; i++) this.hashes.add(ngramHash(w.slice(i, i + this.n)));
  }

  /** The first word sequence of `text` that also occurs in an indexed prompt, or null. */
  findOverlap(text: string): string | null {
    const w = words(text);
    for (let i = 0; i + this.n <= w.length; i++) {
      const gram = w.slice(i, i + this.n);
      if (this.hashes.has(ngramHash(gram))) return gram.join(' ');
    }
    return null;
  }

  get size(): number {
    return this.hashes.size;
  }
}
