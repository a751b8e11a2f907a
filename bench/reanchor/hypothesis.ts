/**
 * The peer: how the Hypothesis client re-anchors a passage in HTML (src/annotator/anchoring/
 * html.ts and match-quote.ts, hypothesis/client), re-implemented on a plain string. First the
 * TextPositionSelector, accepted when the text there still equals the quote; then `matchQuote`:
 * every occurrence of the quote with up to min(256, length / 2) errors (exact ones first, through
 * indexOf), each scored 50 × quote + 20 × prefix + 20 × suffix + 2 × position, the best wins.
 * Hypothesis keeps the best candidate whatever its score; so does this.
 */
import approxSearch, { type Match as StringMatch } from "approx-string-match";

interface Match {
  start: number;
  end: number;
  score: number;
}

function search(text: string, str: string, maxErrors: number): StringMatch[] {
  let matchPos = 0;
  const exactMatches: StringMatch[] = [];
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) {
      exactMatches.push({ start: matchPos, end: matchPos + str.length, errors: 0 });
      matchPos += 1;
    }
  }
  if (exactMatches.length > 0) return exactMatches;
  return approxSearch(text, str, maxErrors);
}

function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0.0;
  const matches = search(text, str, str.length);
  return 1 - matches[0]!.errors / str.length;
}

export function matchQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; hint?: number } = {},
): Match | null {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const scoreMatch = (match: StringMatch) => {
    const quoteWeight = 50;
    const prefixWeight = 20;
    const suffixWeight = 20;
    const posWeight = 2;
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = context.prefix
      ? textMatchScore(
          text.slice(Math.max(0, match.start - context.prefix.length), match.start),
          context.prefix,
        )
      : 1.0;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(match.end, match.end + context.suffix.length), context.suffix)
      : 1.0;
    let posScore = 1.0;
    if (typeof context.hint === "number") {
      const offset = Math.abs(match.start - context.hint);
      posScore = 1.0 - offset / text.length;
    }
    const rawScore =
      quoteWeight * quoteScore +
      prefixWeight * prefixScore +
      suffixWeight * suffixScore +
      posWeight * posScore;
    return rawScore / (quoteWeight + prefixWeight + suffixWeight + posWeight);
  };
  const scored = matches.map((m) => ({ start: m.start, end: m.end, score: scoreMatch(m) }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0]!;
}

/** Hypothesis's order: the position if the quote is still there, else the quote with context. */
export function hypothesisAnchor(
  text: string,
  selector: { start: number; end: number; exact: string; prefix: string; suffix: string },
): Match | null {
  if (text.slice(selector.start, selector.end) === selector.exact) {
    return { start: selector.start, end: selector.end, score: 1 };
  }
  return matchQuote(text, selector.exact, {
    prefix: selector.prefix,
    suffix: selector.suffix,
    hint: selector.start,
  });
}
