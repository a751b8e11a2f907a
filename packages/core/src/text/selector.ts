import { GlossError } from "../error/index.ts";

/** Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix). */
export const CONTEXT_LENGTH = 32;

export interface Selector {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export interface SelectorInput {
  start: number;
  end: number;
  exact: string;
  prefix?: string | undefined;
  suffix?: string | undefined;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** True when a UTF-16 offset falls between the two halves of a surrogate pair (inside an emoji). */
function splitsCharacter(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  return isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/** The prefix and suffix context of `[start, end)`, CONTEXT_LENGTH UTF-16 units each at most. */
export function contextOf(
  text: string,
  start: number,
  end: number,
): { prefix: string; suffix: string } {
  let prefixStart = Math.max(0, start - CONTEXT_LENGTH);
  let suffixEnd = Math.min(text.length, end + CONTEXT_LENGTH);
  // Never cut a surrogate pair in half: a lone surrogate is not valid text in JSON consumers.
  if (splitsCharacter(text, prefixStart)) prefixStart += 1;
  if (splitsCharacter(text, suffixEnd)) suffixEnd -= 1;
  return { prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) };
}

/**
 * Checks a client's selector against the canonical text and returns the stored selector, with
 * prefix and suffix computed by the server. Offsets are UTF-16 code units. A client-sent prefix or
 * suffix may be shorter than ours but must agree with the text.
 */
export function resolveSelector(text: string, input: SelectorInput): Selector {
  const { start, end, exact } = input;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < 0) {
    throw new GlossError(
      "invalid",
      "annotation.offset_invalid",
      "start and end must be non-negative integers",
    );
  }
  if (end <= start) {
    throw new GlossError(
      "invalid",
      "annotation.offset_reversed",
      `end (${end}) must be greater than start (${start})`,
    );
  }
  if (end > text.length) {
    throw new GlossError(
      "invalid",
      "annotation.offset_out_of_range",
      `end (${end}) is beyond the end of the text (${text.length} UTF-16 code units)`,
    );
  }
  if (splitsCharacter(text, start) || splitsCharacter(text, end)) {
    throw new GlossError(
      "invalid",
      "annotation.offset_splits_character",
      "start and end must not fall inside a character (surrogate pair)",
    );
  }
  const actual = text.slice(start, end);
  if (actual !== exact) {
    throw new GlossError(
      "invalid",
      "annotation.quote_mismatch",
      "exact does not equal the text between start and end",
      { expected: actual },
    );
  }
  const context = contextOf(text, start, end);
  if (input.prefix !== undefined && !text.slice(0, start).endsWith(input.prefix)) {
    throw new GlossError(
      "invalid",
      "annotation.prefix_mismatch",
      "prefix does not match the text before start",
    );
  }
  if (input.suffix !== undefined && !text.slice(end).startsWith(input.suffix)) {
    throw new GlossError(
      "invalid",
      "annotation.suffix_mismatch",
      "suffix does not match the text after end",
    );
  }
  return { start, end, exact, ...context };
}
