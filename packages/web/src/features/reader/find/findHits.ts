/**
 * In-document find: every occurrence of a needle in the canonical text, ignoring case and
 * diacritics (as the corpus search does by default), as UTF-16 spans of the canonical text.
 * Pure, so it is tested without a DOM.
 */

export interface Span {
  start: number;
  end: number;
}

/** A text folded for find, with the canonical offset of every folded unit (and one past the end). */
export interface FoldedText {
  folded: string;
  origin: Int32Array;
}

const MARKS = /\p{M}/gu;

/** Lower case, combining marks removed (é → e), every white space run one space. */
function foldPiece(piece: string): string {
  if (/\s/.test(piece)) return " ";
  return piece.normalize("NFD").replace(MARKS, "").toLowerCase();
}

/** Folds a text code point by code point, keeping where each folded unit came from. */
export function foldText(text: string): FoldedText {
  let folded = "";
  const origin: number[] = [];
  let at = 0;
  for (const piece of text) {
    const part = foldPiece(piece);
    // A run of white space is one space: a phrase matches across a wrapped line.
    if (part === " " && folded.endsWith(" ")) {
      at += piece.length;
      continue;
    }
    folded += part;
    for (let i = 0; i < part.length; i++) origin.push(at);
    at += piece.length;
  }
  origin.push(at);
  return { folded, origin: Int32Array.from(origin) };
}

/** Folds what the reader typed the same way (its white space runs become one space). */
export function foldNeedle(needle: string): string {
  return foldText(needle.trim()).folded;
}

/** At most this many hits are found: a one-letter needle in a long report is not a search. */
export const MAX_FIND_HITS = 5_000;

/** Every occurrence (overlapping ones included) of `needle` in a folded text, in text order. */
export function findHits(text: FoldedText, needle: string): Span[] {
  const want = foldNeedle(needle);
  if (!want) return [];
  const hits: Span[] = [];
  for (let at = text.folded.indexOf(want); at !== -1; at = text.folded.indexOf(want, at + 1)) {
    const end = at + want.length;
    // The hit ends where the next folded unit's code point starts, so an accent stays with it.
    hits.push({ start: text.origin[at]!, end: text.origin[end]! });
    if (hits.length === MAX_FIND_HITS) break;
  }
  return hits;
}
