import { anchorByPosition, diffEnds, mapOffset } from "./alignment.ts";
import { anchorByQuote } from "./exact.ts";
import { anchorFuzzy } from "./fuzzy.ts";
import { type AnchorTarget, targetOf } from "./seeds.ts";
import type { AnchorQuote, Match, TextChange } from "./types.ts";

/*
 * Re-anchoring: finding where a passage annotated in one version of a text lies in the next.
 * Pure functions, tried from precise to fuzzy; the first that is confident wins, and when none is,
 * the answer is `null` (the annotation becomes "orphaned"). Attaching a note to the wrong passage
 * is worse than losing its place, so every threshold below leans towards `null`.
 */

/**
 * Where a passage of `oldText` is in `newText`: by unchanged position, then by exact quote, then
 * by fuzzy quote; `null` when no step is confident (the annotation is orphaned).
 */
export function reanchor(oldText: string, newText: string, quote: AnchorQuote): Match | null {
  return reanchorWith(diffEnds(oldText, newText), newText, quote);
}

/** `reanchor` with the diff of the two texts computed once for all of a document's annotations. */
export function reanchorWith(
  change: TextChange,
  newText: string | AnchorTarget,
  quote: AnchorQuote,
): Match | null {
  const target = targetOf(newText);
  return anchorWhole(change, target, quote) ?? anchorByParts(change, target, quote);
}

function anchorWhole(change: TextChange, target: AnchorTarget, quote: AnchorQuote): Match | null {
  const expected = mapOffset(change, quote.start);
  return (
    anchorByPosition(change, quote) ??
    anchorByQuote(target.text, quote, expected) ??
    anchorFuzzy(target, quote, expected)
  );
}

/**
 * A passage placed from its parts must keep more than this share of its characters: below half,
 * the passage counts as gone (an annotation on what is left of it would mostly be about text
 * that is no longer there).
 */
const MIN_PART_SHARE = 0.5;

/**
 * Step 4, parts: a passage spanning paragraphs, one of which was deleted, moved or rewritten, is
 * no longer anywhere as a whole; each paragraph's part is anchored on its own (steps 1–3, with the
 * old text next to it as context), and the longest run of parts that are still consecutive and in
 * order in the new text becomes the passage when it keeps more than MIN_PART_SHARE of it. Each
 * part faces the same thresholds as a whole passage, so this finds no place the others would
 * refuse; it only stops one lost paragraph from orphaning the rest.
 */
export function anchorByParts(
  change: TextChange,
  newText: string | AnchorTarget,
  quote: AnchorQuote,
): Match | null {
  const target = targetOf(newText);
  const context = Math.max(quote.prefix.length, quote.suffix.length);
  const full = quote.prefix + quote.exact + quote.suffix;
  const parts: Array<{ from: number; to: number }> = [];
  const breaks = /\n+/g;
  let from = 0;
  for (let found = breaks.exec(quote.exact); found; found = breaks.exec(quote.exact)) {
    if (found.index > from) parts.push({ from, to: found.index });
    from = found.index + found[0].length;
  }
  if (from < quote.exact.length) parts.push({ from, to: quote.exact.length });
  if (parts.length < 2) return null;
  const placed = parts.map(({ from, to }) => {
    const at = quote.prefix.length + from;
    const end = quote.prefix.length + to;
    return anchorWhole(change, target, {
      start: quote.start + from,
      end: quote.start + to,
      exact: quote.exact.slice(from, to),
      prefix: full.slice(Math.max(0, at - context), at),
      suffix: full.slice(end, end + context),
    });
  });
  let best: Match | null = null;
  let bestKept = 0;
  for (let first = 0; first < parts.length; first++) {
    if (!placed[first]) continue;
    let last = first;
    let kept = parts[first]!.to - parts[first]!.from;
    let score = placed[first]!.score;
    while (last + 1 < parts.length && placed[last + 1]) {
      const gapOld = parts[last + 1]!.from - parts[last]!.to;
      const gapNew = placed[last + 1]!.start - placed[last]!.end;
      // Consecutive in the new text too: separated by about the same line breaks.
      if (gapNew < 1 || gapNew > gapOld + 2) break;
      last++;
      kept += parts[last]!.to - parts[last]!.from;
      score = Math.min(score, placed[last]!.score);
    }
    if (kept > bestKept) {
      bestKept = kept;
      best = {
        start: placed[first]!.start,
        end: placed[last]!.end,
        score: (score * kept) / quote.exact.length,
        method: "fuzzy",
      };
    }
  }
  return best && bestKept > quote.exact.length * MIN_PART_SHARE ? best : null;
}
