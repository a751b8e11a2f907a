import { fold } from "./fold.ts";
import type { Searchable } from "./match.ts";
import { type Words, wordsOf } from "./words.ts";

/**
 * A document version's text, prepared for search and kept in process. A version's canonical text
 * never changes once stored, so an entry keyed by workspace, document and version is never stale
 * and needs no invalidation; the cache only has to stay within its memory budget (least recently
 * used entries go first).
 */
export interface CachedText {
  text: string;
  /** Folded forms by case sensitivity, built on first use. */
  searchable: (caseSensitive: boolean) => Searchable;
  /** Paragraph starts of the canonical text, built on first use. */
  paragraphStarts: () => Int32Array;
}

/**
 * Rough bytes an entry holds: the text, a folded copy, its origin map and the word offsets of two
 * foldings. Text is UTF-16, so each unit is 2 bytes.
 */
const BYTES_PER_UNIT = 24;

export class TextCache {
  readonly #entries = new Map<string, CachedText>();
  #bytes = 0;
  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedText | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      // Re-insert: Map order is the LRU order.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  put(key: string, text: string): CachedText {
    const entry = prepare(text);
    const cost = text.length * BYTES_PER_UNIT;
    // A text larger than the whole budget is prepared but not kept.
    if (cost > this.maxBytes) return entry;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#bytes += cost;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.text.length * BYTES_PER_UNIT;
    }
    return entry;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

/**
 * A text prepared in process: folded and segmented on first use. Searches read the stored
 * preparation instead (prepared.ts, shard.ts); this serves hits' context and paragraphs, coding,
 * case-sensitive scans and tests.
 */
export function prepare(text: string): CachedText {
  const byCase = new Map<boolean, Searchable>();
  let paragraphStarts: Int32Array | undefined;
  return {
    text,
    searchable(caseSensitive) {
      let found = byCase.get(caseSensitive);
      if (!found) {
        const folded = fold(text, { caseSensitive });
        let words: Words | undefined;
        found = { folded, words: () => (words ??= wordsOf(folded)) };
        byCase.set(caseSensitive, found);
      }
      return found;
    },
    paragraphStarts() {
      if (!paragraphStarts) {
        const starts = [0];
        for (let at = text.indexOf("\n\n"); at !== -1; at = text.indexOf("\n\n", at + 2)) {
          starts.push(at + 2);
        }
        paragraphStarts = Int32Array.from(starts);
      }
      return paragraphStarts;
    },
  };
}

const DEFAULT_CACHE_MB = 512;

/** The process's cache: GLOSS_SEARCH_CACHE_MB megabytes (512 by default). */
export const textCache = new TextCache(
  (Number(process.env.GLOSS_SEARCH_CACHE_MB) || DEFAULT_CACHE_MB) * 1024 * 1024,
);
