/**
 * Canonical text: what every offset in Gloss points into. A document version's canonical text
 * never changes once stored, so the rules are versioned: a text is made by one version of the
 * rules, recorded with it, and a change of rules is a new version that applies to new uploads and
 * new versions only (the offsets of stored texts depend on the rules that made them).
 *
 * Rules, in order (version 1 unless marked):
 * 1. a leading byte-order mark is dropped;
 * 2. CRLF, CR, NEL (U+0085) and LINE SEPARATOR (U+2028) become LF; PARAGRAPH SEPARATOR (U+2029)
 *    becomes a blank line; since version 2, FORM FEED (a page break) becomes a blank line and
 *    VERTICAL TAB (Word's manual line break) a line break, where version 1 deleted them and glued
 *    the words either side ("ends herepage two");
 * 3. Unicode NFC, so "é" typed as e + combining accent and as one code point are the same text;
 * 4. control characters other than tab and LF are removed (they render as nothing or as boxes and
 *    break exports);
 * 5. since version 2, SOFT HYPHEN, ZERO WIDTH SPACE, WORD JOINER and a ZERO WIDTH NO-BREAK SPACE
 *    inside the text are removed: they are invisible, and kept they hide "situation" in
 *    "situa\u00ADtion" from search and quotes. ZERO WIDTH (NON-)JOINER stay: they change how
 *    Persian, Indic scripts and emoji are written;
 * 6. trailing spaces and tabs at line ends are removed;
 * 7. runs of blank lines collapse to one blank line: paragraphs are separated by exactly "\n\n";
 * 8. leading and trailing blank lines are removed;
 * 9. text with several lines but no blank line anywhere (a news article pasted from a web page,
 *    one paragraph a line) takes each line as a paragraph. Text that has blank lines keeps its
 *    single line breaks inside paragraphs (verse, addresses, transcripts).
 * Every step is linear in the length of the text (no regular expression here can backtrack over
 * a run of white space), so no input of any size stalls the server.
 */

/** Versions of the canonical text rules, oldest first. */
export const CANONICAL_RULE_VERSIONS = [1, 2] as const;
export type CanonicalRules = (typeof CANONICAL_RULE_VERSIONS)[number];

/** The rules new texts are made with. */
export const CANONICAL_RULES: CanonicalRules = 2;

/**
 * Spaces and tabs before a line end. The look-behind lets a match start only where a run of
 * blanks starts, so each run is tried once: `/[ \t]+$/gm` retried from every blank of a run that
 * does not end its line, which is quadratic (80 KB of spaces took 21 s).
 */
const LINE_END_BLANKS = /(?<![ \t])[ \t]+(?=\n|$)/g;

export function canonicalize(input: string, rules: CanonicalRules = CANONICAL_RULES): string {
  let text = input.replace(/^\uFEFF/, "").replace(/\r\n?|\u0085|\u2028/g, "\n");
  text = text.replace(/\u2029/g, "\n\n");
  if (rules >= 2) text = text.replace(/\f/g, "\n\n").replace(/\v/g, "\n");
  text = text
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F]/g, "");
  if (rules >= 2) text = text.replace(/[\u00AD\u200B\u2060\uFEFF]/g, "");
  text = text
    .replace(LINE_END_BLANKS, "")
    .replace(/\n{3,}/g, "\n\n")
    // Runs of newlines are at most two long here, so neither alternative backtracks far.
    .replace(/^\n+|\n+$/g, "");
  return text.includes("\n") && !text.includes("\n\n") ? text.replaceAll("\n", "\n\n") : text;
}

/** Whether a text is canonical under some version of the rules (stored texts of every age). */
export function isCanonical(text: string): boolean {
  return CANONICAL_RULE_VERSIONS.some((rules) => canonicalize(text, rules) === text);
}

/** The newest rules under which a text is canonical, or null when it is canonical under none. */
export function rulesOfText(text: string): CanonicalRules | null {
  for (const rules of [...CANONICAL_RULE_VERSIONS].reverse()) {
    if (canonicalize(text, rules) === text) return rules;
  }
  return null;
}

/** Paragraph ranges `[start, end)` of canonical text, in order. */
export function paragraphs(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start <= text.length) {
    const gap = text.indexOf("\n\n", start);
    const end = gap === -1 ? text.length : gap;
    if (end > start) ranges.push({ start, end });
    if (gap === -1) break;
    start = gap + 2;
  }
  return ranges;
}
