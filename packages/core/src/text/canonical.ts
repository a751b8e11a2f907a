/**
 * Canonical text: what every offset in Gloss points into. A document version's canonical text
 * never changes once stored, so the rules here must stay stable: changing them would move every
 * offset of every document created afterwards relative to those created before.
 *
 * Rules, in order:
 * 1. a leading byte-order mark is dropped;
 * 2. CRLF, CR, NEL (U+0085) and LINE SEPARATOR (U+2028) become LF; PARAGRAPH SEPARATOR (U+2029)
 *    becomes a blank line;
 * 3. Unicode NFC, so "é" typed as e + combining accent and as one code point are the same text;
 * 4. control characters other than tab and LF are removed (they render as nothing or as boxes and
 *    break exports);
 * 5. trailing spaces and tabs at line ends are removed;
 * 6. runs of blank lines collapse to one blank line: paragraphs are separated by exactly "\n\n";
 * 7. leading and trailing blank lines are removed;
 * 8. text with several lines but no blank line anywhere (a news article pasted from a web page,
 *    one paragraph a line) takes each line as a paragraph. Text that has blank lines keeps its
 *    single line breaks inside paragraphs (verse, addresses, transcripts).
 */
export function canonicalize(input: string): string {
  const text = input
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?|\u0085|\u2028/g, "\n")
    .replace(/\u2029/g, "\n\n")
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F]/g, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
  return text.includes("\n") && !text.includes("\n\n") ? text.replaceAll("\n", "\n\n") : text;
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
