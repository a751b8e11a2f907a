import type { AnchorQuote } from "./types.ts";

/*
 * Numbers as evidence of identity. In templated text (witness statements, case lists, tables of
 * incidents) sentences differ only in their numbers: "Witness x30 … passport 237570" and
 * "Witness x3000 … passport 237576" are 95 % alike character by character, so edit distance
 * cannot tell them apart, and the context on both sides is the same template. The numbers are
 * what the passage is about (a witness, a date, a count of detainees): a candidate whose numbers
 * differ from the quote's, or whose nearest number on either side differs from the old
 * context's, is another passage, never a reworded copy of this one. These checks only refuse;
 * they never make a candidate acceptable.
 */

/** A decimal digit of any script (Arabic-Indic, Thai, Burmese, … as well as ASCII). */
const DIGIT = /\p{Nd}/u;
const DIGIT_RUNS = /\p{Nd}+/gu;

const isDigitAt = (s: string, at: number) => at >= 0 && at < s.length && DIGIT.test(s[at]!);

/** Digit runs of `s` with their positions. */
function runsOf(s: string): Array<{ value: string; from: number; to: number }> {
  const runs: Array<{ value: string; from: number; to: number }> = [];
  for (const found of s.matchAll(DIGIT_RUNS)) {
    runs.push({ value: found[0], from: found.index, to: found.index + found[0].length });
  }
  return runs;
}

/** The digits of `s` ending at its end (the part of a number that continues into what follows). */
function trailingDigits(s: string): string {
  let from = s.length;
  while (from > 0 && isDigitAt(s, from - 1)) from--;
  return s.slice(from);
}

/** The digits of `s` starting at its start. */
function leadingDigits(s: string): string {
  let to = 0;
  while (to < s.length && isDigitAt(s, to)) to++;
  return s.slice(0, to);
}

/**
 * The numbers of a passage, whole: a passage that starts or ends inside a number ("37570 at the
 * gate") counts that number with the digits its context holds, so a boundary one digit off does
 * not make two equal numbers look different.
 */
export function numbersOfSpan(before: string, span: string, after: string): string[] {
  const head = isDigitAt(span, 0) ? trailingDigits(before) : "";
  const tail = isDigitAt(span, span.length - 1) ? leadingDigits(after) : "";
  return (head + span + tail).match(DIGIT_RUNS) ?? [];
}

/**
 * The number nearest to the passage in its context on one side, or null when there is none that
 * can be read whole: a number cut by the context window's outer edge (`cutOuter`) is unreliable,
 * and one touching the passage belongs to the passage's own first or last number.
 */
function nearestNumber(
  context: string,
  side: "before" | "after",
  touchesSpan: boolean,
  cutOuter: boolean,
): string | null {
  const runs = runsOf(context).filter((run) => {
    if (side === "before") {
      if (touchesSpan && run.to === context.length) return false;
      if (cutOuter && run.from === 0) return false;
    } else {
      if (touchesSpan && run.from === 0) return false;
      if (cutOuter && run.to === context.length) return false;
    }
    return true;
  });
  const run = side === "before" ? runs[runs.length - 1] : runs[0];
  return run ? run.value : null;
}

/** Whether a candidate [start, end) of `text` carries the quote's numbers, all and in order. */
export function numbersAgree(
  text: string,
  quote: AnchorQuote,
  start: number,
  end: number,
): boolean {
  const old = numbersOfSpan(quote.prefix, quote.exact, quote.suffix);
  const span = numbersOfSpan(
    text.slice(Math.max(0, start - 64), start),
    text.slice(start, end),
    text.slice(end, end + 64),
  );
  return old.length === span.length && old.every((value, i) => value === span[i]);
}

/**
 * Whether the nearest number before and after a candidate [start, end) is the one the old
 * context had nearest (when both have one). `window` is how far the candidate's context is read
 * on each side, relative to the old context's length (slack for insertions next to the quote).
 */
export function contextNumbersAgree(
  text: string,
  quote: AnchorQuote,
  start: number,
  end: number,
  window = 1.25,
): boolean {
  const startsWithDigit = isDigitAt(quote.exact, 0);
  const endsWithDigit = isDigitAt(quote.exact, quote.exact.length - 1);
  const prefixFrom = Math.max(0, start - Math.ceil(quote.prefix.length * window));
  const oldBefore = nearestNumber(
    quote.prefix,
    "before",
    startsWithDigit,
    quote.start > quote.prefix.length,
  );
  const newBefore = nearestNumber(
    text.slice(prefixFrom, start),
    "before",
    isDigitAt(text, start),
    prefixFrom > 0,
  );
  if (oldBefore !== null && newBefore !== null && oldBefore !== newBefore) return false;
  const suffixTo = Math.min(text.length, end + Math.ceil(quote.suffix.length * window));
  // The old text's length is unknown here, so a number at the suffix's end is always taken as cut.
  const oldAfter = nearestNumber(quote.suffix, "after", endsWithDigit, true);
  const newAfter = nearestNumber(
    text.slice(end, suffixTo),
    "after",
    isDigitAt(text, end - 1),
    suffixTo < text.length,
  );
  return oldAfter === null || newAfter === null || oldAfter === newAfter;
}
