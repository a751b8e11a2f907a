/**
 * Anchoring of imported selectors: where a W3C TextQuote/TextPosition selector pair lands in a
 * Gloss text (UTF-16 offsets), or why it does not. Contract: pure, never places a note on the
 * wrong words (an ambiguous quote is refused rather than guessed).
 */
import { anchorFuzzy, MIN_EXACT_CONTEXT, UNIQUE_QUOTE_LENGTH } from "../text/index.ts";
import type { CodePointIndex } from "./offsets.ts";

export interface QuoteSelector {
  exact: string;
  prefix?: string | undefined;
  suffix?: string | undefined;
}

/** Positions as a TextPositionSelector gives them: code points (W3C) or UTF-16 units (Recogito). */
export interface PositionSelector {
  start: number;
  end: number;
}

export type Anchoring =
  | { start: number; end: number; method: "position" | "quote" | "fuzzy" }
  | { reason: "no_selector" | "quote_not_found" | "quote_ambiguous" | "position_out_of_range" };

/** Runs of whitespace read as one space, so page whitespace and Gloss's paragraphs compare equal. */
const collapse = (text: string) => text.replace(/\s+/g, " ");

/**
 * A text with its whitespace runs collapsed to one space, and where each collapsed character came
 * from, so a match in the collapsed text maps back to the original.
 */
function collapsed(text: string): { text: string; origin: number[] } {
  const origin: number[] = [];
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) {
      origin.push(i);
      out += " ";
      while (i + 1 < text.length && /\s/.test(text[i + 1]!)) i++;
    } else {
      origin.push(i);
      out += text[i];
    }
  }
  return { text: out, origin };
}

/**
 * How much of the given context agrees around [start, end) of `text` (0…1), comparing with
 * whitespace collapsed: characters that match from the quote outwards over all given. 1 when
 * the selector gives no context.
 */
function contextAgreement(text: string, quote: QuoteSelector, start: number, end: number): number {
  const prefix = collapse(quote.prefix ?? "");
  const suffix = collapse(quote.suffix ?? "");
  const total = prefix.length + suffix.length;
  if (total === 0) return 1;
  const before = collapse(text.slice(Math.max(0, start - prefix.length * 2 - 8), start));
  const after = collapse(text.slice(end, end + suffix.length * 2 + 8));
  let p = 0;
  while (p < prefix.length && p < before.length && prefix.at(-1 - p) === before.at(-1 - p)) p++;
  let q = 0;
  while (q < suffix.length && q < after.length && suffix[q] === after[q]) q++;
  return (p + q) / total;
}

/**
 * The occurrence of `exact` in `text` whose context agrees best, or why there is none: a quote
 * found in several places whose contexts agree equally is ambiguous unless a position hint tells
 * them apart, and a short quote whose given context disagrees is not taken on its own.
 */
function bestOccurrence(
  text: string,
  exact: string,
  quote: QuoteSelector,
  hint: number | null,
): { start: number } | { reason: "quote_not_found" | "quote_ambiguous" } {
  const scored: Array<{ start: number; context: number }> = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    scored.push({ start: at, context: contextAgreement(text, quote, at, at + exact.length) });
    if (scored.length > 1000) break;
  }
  if (scored.length === 0) return { reason: "quote_not_found" };
  const best = Math.max(...scored.map((s) => s.context));
  const top = scored.filter((s) => s.context === best);
  const unique = scored.length === 1 && exact.length >= UNIQUE_QUOTE_LENGTH;
  if (best < MIN_EXACT_CONTEXT && !unique) return { reason: "quote_not_found" };
  if (top.length === 1) return top[0]!;
  if (hint === null) return { reason: "quote_ambiguous" };
  return top.reduce((a, b) => (Math.abs(b.start - hint) < Math.abs(a.start - hint) ? b : a));
}

/**
 * Places an imported passage in a text (UTF-16 offsets), from precise to fuzzy, never on the
 * wrong words:
 * 1. the position selector, read as code points (the W3C unit) and then as UTF-16 units (what
 *    Recogito writes, and JavaScript tools generally), whichever gives exactly the quote;
 * 2. the exact quote where its prefix and suffix agree best (whitespace collapsed, so a web
 *    page's line breaks and indentation compare equal to Gloss's paragraphs);
 * 3. the quote with its whitespace collapsed, for a quote whose own line breaks differ;
 * 4. re-anchoring's fuzzy step (`anchorFuzzy`), with its thresholds that lean towards no match.
 * A quote found in several equally good places with no position to choose by is refused: a
 * note on the wrong passage is worse than one not imported. Without a quote, the position alone
 * is taken (in code points, as the model defines it).
 */
export function anchorSelectors(
  index: CodePointIndex,
  quote: QuoteSelector | null,
  position: PositionSelector | null,
): Anchoring {
  const text = index.text;
  let hint: number | null = null;
  if (position && position.end > position.start) {
    const readings = [
      { start: index.toUtf16(position.start), end: index.toUtf16(position.end) },
      { start: position.start, end: position.end },
    ];
    hint = readings[0]!.start;
    if (!quote) {
      const [asCodePoints] = readings;
      if (asCodePoints!.end > text.length) return { reason: "position_out_of_range" };
      return { ...asCodePoints!, method: "position" };
    }
    for (const r of readings) {
      if (r.end <= text.length && text.slice(r.start, r.end) === quote.exact) {
        return { ...r, method: "position" };
      }
    }
  }
  if (!quote || quote.exact.length === 0) return { reason: "no_selector" };

  const exact = bestOccurrence(text, quote.exact, quote, hint);
  if ("start" in exact) {
    return { start: exact.start, end: exact.start + quote.exact.length, method: "quote" };
  }
  if (exact.reason === "quote_ambiguous") return exact;

  const loose = collapsed(text);
  const needle = collapse(quote.exact).trim();
  if (needle.length > 0 && needle !== quote.exact) {
    const looseHint = hint === null ? null : loose.origin.findIndex((o) => o >= hint!);
    const found = bestOccurrence(loose.text, needle, quote, looseHint);
    if ("start" in found) {
      const last = found.start + needle.length - 1;
      return { start: loose.origin[found.start]!, end: loose.origin[last]! + 1, method: "quote" };
    }
    if (found.reason === "quote_ambiguous") return found;
  }

  const fuzzy = anchorFuzzy(
    text,
    {
      start: hint ?? 0,
      end: (hint ?? 0) + quote.exact.length,
      exact: quote.exact,
      prefix: quote.prefix ?? "",
      suffix: quote.suffix ?? "",
    },
    hint ?? 0,
  );
  return fuzzy ? { start: fuzzy.start, end: fuzzy.end, method: "fuzzy" } : exact;
}
