/**
 * Folding for search: the text a query is matched against, with a map from every folded UTF-16
 * unit back to the canonical text, so a hit found in folded text has exact canonical offsets even
 * though folding changes lengths ("İ" lower-cases to two units, "é" loses its accent, a run of
 * spaces and line breaks becomes one space).
 *
 * Rules, per code point of the canonical text:
 * - case-insensitive: `toLowerCase()` (locale-independent);
 * - diacritics are always removed from Latin, Greek and Cyrillic letters (NFD, then combining marks
 *   dropped), and Arabic short vowels and tatweel are dropped. Marks of other scripts (Thai, Burmese,
 *   Devanagari vowel signs) are letters of their words and are kept;
 * - ’ and ʼ become ' so either apostrophe matches the other;
 * - a run of whitespace inside a paragraph becomes one space, so a phrase matches across line
 *   breaks; a paragraph break ("\n\n") becomes U+2029, which no folded query contains, so nothing
 *   matches across paragraphs.
 */
export interface Folded {
  /** The folded text. */
  text: string;
  /**
   * `origin[k]`: canonical offset of the code point folded unit k came from; `origin[text.length]`
   * is the canonical text's length.
   */
  origin: Int32Array;
}

export interface FoldOptions {
  caseSensitive: boolean;
}

export const PARAGRAPH_MARK = "\u2029";

const FOLDABLE_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
/** Arabic harakat, superscript alef and tatweel: optional in writing, ignored by search. */
const ARABIC_OPTIONAL = /^[\u064B-\u065F\u0670\u0640]$/;
const WHITESPACE = /^\s$/u;

/**
 * One code point's folding (not whitespace, which folds by runs); `afterFoldable`: it follows a
 * Latin, Greek or Cyrillic letter, whose accents are dropped.
 */
export function foldCodePoint(cp: string, caseSensitive: boolean, afterFoldable: boolean): string {
  if (cp === "\u2019" || cp === "\u02BC") return "'";
  if (ARABIC_OPTIONAL.test(cp)) return "";
  if (MARK.test(cp)) return afterFoldable ? "" : cp;
  const cased = caseSensitive ? cp : cp.toLowerCase();
  if (!FOLDABLE_BASE.test(cp)) return cased;
  return cased.normalize("NFD").replace(MARKS, "").normalize("NFC");
}

const isPrintableAscii = (code: number) => code > 0x20 && code < 0x7f;

/** Folds canonical text (or a query term) and maps every folded unit back to its origin. */
export function fold(text: string, options: FoldOptions): Folded {
  const out: string[] = [];
  const origin = new Int32Array(text.length + 1);
  let length = 0;
  let afterFoldable = false;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // ASCII letters, digits and punctuation: the common case, copied a run at a time.
    if (code > 0x20 && code < 0x7f) {
      let j = i;
      let c = code;
      // A single space between printable ASCII folds to itself, so it stays in the run.
      while ((c > 0x20 && c < 0x7f) || (c === 0x20 && isPrintableAscii(text.charCodeAt(j + 1)))) {
        origin[length++] = j;
        c = text.charCodeAt(++j);
      }
      const run = text.slice(i, j);
      out.push(options.caseSensitive ? run : run.toLowerCase());
      const last = text.charCodeAt(j - 1) | 0x20;
      afterFoldable = last >= 0x61 && last <= 0x7a;
      i = j;
      continue;
    }
    // Space, line feed and tab are told apart without reading the code point; other whitespace
    // (no-break space, ideographic space, …) by its code point.
    const asciiWhitespace = code === 0x20 || code === 0x0a || code === 0x09;
    const cp = asciiWhitespace ? " " : String.fromCodePoint(text.codePointAt(i)!);
    if (asciiWhitespace || WHITESPACE.test(cp)) {
      // A whitespace run: one space, or the paragraph mark when it holds a blank line.
      let j = i;
      let newlines = 0;
      while (j < text.length && WHITESPACE.test(text[j]!)) {
        if (text[j] === "\n") newlines++;
        j++;
      }
      out.push(newlines >= 2 ? PARAGRAPH_MARK : " ");
      origin[length++] = i;
      afterFoldable = false;
      i = j;
      continue;
    }
    const folded = foldCodePoint(cp, options.caseSensitive, afterFoldable);
    if (!MARK.test(cp)) afterFoldable = FOLDABLE_BASE.test(cp);
    for (let k = 0; k < folded.length; k++) origin[length++] = i;
    out.push(folded);
    i += cp.length;
  }
  origin[length] = text.length;
  return { text: out.join(""), origin: origin.slice(0, length + 1) };
}

/**
 * The canonical span `[start, end)` of folded units `[from, to)`. The end runs to the end of the
 * last code point matched and over the marks folding removed after it, so a hit never splits a
 * character from its accent.
 */
export function originSpan(
  folded: Folded,
  from: number,
  to: number,
): { start: number; end: number } {
  const start = folded.origin[from]!;
  let k = to;
  // A match ending inside one code point's expansion ends after that code point.
  while (k < folded.text.length && folded.origin[k] === folded.origin[to - 1]) k++;
  return { start, end: folded.origin[k]! };
}

/** Folds a query term the way the text is folded; whitespace runs become one space. */
export function foldTerm(term: string, options: FoldOptions): string {
  return fold(term.trim(), options).text.replaceAll(PARAGRAPH_MARK, " ");
}
