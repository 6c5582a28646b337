/**
 * Near-duplicate detection with MinHash signatures and locality-sensitive hashing (banding). Two texts
 * whose word 5-gram sets have a Jaccard similarity above the threshold are duplicates; LSH finds the
 * candidates without comparing every pair, and the signatures confirm them.
 */

const SHINGLE_WORDS = 5;
const BANDS = 32;
const ROWS = 4;
const PERMUTATIONS = BANDS * ROWS;

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finalizer: a cheap, well-mixed 32-bit permutation, salted per signature position. */
function mix(x: number, salt: number): number {
  let h = (x ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SALTS = Array.from({ length: PERMUTATIONS }, (_, i) => mix(i + 1, 0x9e3779b9));

/** Lower-case words (letters and digits), the unit of shingles and n-grams. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function signature(text: string): Uint32Array {
  const w = words(text);
  const shingles = new Set<number>();
  if (w.length < SHINGLE_WORDS) shingles.add(fnv1a(w.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= w.length; i++) shingles.add(fnv1a(w.slice(i, i + SHINGLE_WORDS).join(' ')));
  const sig = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const s of shingles) {
    for (let p = 0; p < PERMUTATIONS; p++) {
      const v = mix(s, SALTS[p] ?? 0);
      if (v < (sig[p] ?? 0)) sig[p] = v;
    }
  }
  return sig;
}

function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < PERMUTATIONS; i++) if (a[i] === b[i]) same++;
  return same / PERMUTATIONS;
}

/** An index of kept texts that answers "is this a near duplicate of one of them?". */
export class MinHashIndex<K> {
  private readonly signatures = new Map<K, Uint32Array>();
  private readonly buckets = new Map<string, K[]>();

  /** `threshold`: estimated Jaccard similarity of word 5-grams at or above which two texts are duplicates. */
  constructor(private readonly threshold = 0.7) {}

  /** The key of a kept text this one nearly duplicates, with the estimated similarity, or null. */
  findDuplicate(text: string): { key: K; similarity: number } | null {
    const sig = signature(text);
    let best: { key: K; similarity: number } | null = null;
    // A candidate shares several bands with the query more often than not: compare it once.
    const seen = new Set<K>();
    for (const band of this.bandKeys(sig)) {
      for (const key of this.buckets.get(band) ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        const other = this.signatures.get(key);
        if (!other) continue;
        const s = similarity(sig, other);
        if (s >= this.threshold && (!best || s > best.similarity)) best = { key, similarity: s };
      }
    }
    return best;
  }

  add(key: K, text: string): void {
    const sig = signature(text);
    this.signatures.set(key, sig);
    for (const band of this.bandKeys(sig)) {
      const bucket = this.buckets.get(band);
      if (bucket) bucket.push(key);
      else this.buckets.set(band, [key]);
    }
  }

  private bandKeys(sig: Uint32Array): string[] {
    const keys: string[] = [];
    for (let b = 0; b < BANDS; b++) keys.push(`${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',')}`);
    return keys;
  }
}
