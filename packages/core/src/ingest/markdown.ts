/**
 * Markdown to the text a reader reads: headings without their `#`, emphasis and code markers
 * removed, links and images as their text, block quotes and fenced-code fences unwrapped. List
 * markers stay ("- item", "1. item"): they are part of how the text reads. Line based and
 * deliberately small: no nested constructs beyond what notes and articles use, and anything it
 * does not recognise is kept as written rather than guessed at.
 */
export function markdownToText(source: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of source.split(/\r\n?|\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    // A setext underline (=== or --- under a line) or a thematic break becomes a paragraph gap.
    if (/^\s*([-=*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push("");
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+/.exec(line);
    let text = heading
      ? withoutClosingHashes(line.slice(heading[0].length))
      : line.replace(/^\s{0,3}>\s?/, "");
    text = inline(text);
    out.push(text);
  }
  return out.join("\n");
}

/**
 * An ATX heading's text without its closing `#`s ("Findings ##" → "Findings"). By hand rather
 * than `/\s+#+\s*$/`, which retries from every blank of a long run of spaces (quadratic).
 * The closing sequence counts only after white space, as CommonMark says ("C#" stays).
 */
export function withoutClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let start = trimmed.length;
  while (start > 0 && trimmed[start - 1] === "#") start--;
  if (start === trimmed.length) return text;
  if (start === 0) return "";
  return /\s/.test(trimmed[start - 1]!) ? trimmed.slice(0, start).trimEnd() : text;
}

/** The text of the first `# ` heading, or null. */
export function markdownTitle(source: string): string | null {
  const match = /^#[ \t]+(\S.*)$/m.exec(source);
  return match ? withoutClosingHashes(match[1]!).trim() || null : null;
}

/**
 * A link or image target: anything up to the closing parenthesis, with balanced parentheses
 * inside (`javascript:alert(1)`, Wikipedia's `Title_(disambiguation)`), one level deep. Each
 * alternative consumes different characters, so matching never backtracks across them.
 */
const TARGET = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
// Link texts stop at any bracket, so a run of "[" is not rescanned from each one (quadratic).
const IMAGE = new RegExp(String.raw`!\[([^\[\]\n]*)\]${TARGET}`, "g");
const LINK = new RegExp(String.raw`\[([^\[\]\n]+)\]${TARGET}`, "g");

/** Inline markup of one line: images and links to their text, emphasis and code markers off. */
function inline(text: string): string {
  return (
    text
      .replace(IMAGE, "$1")
      .replace(LINK, "$1")
      .replace(/`([^`]+)`/g, "$1")
      .replace(/(\*\*|__)(?=\S)([^*_]*?\S)\1/g, "$2")
      // Single * or _ only around words, so snake_case and 2 * 3 survive.
      .replace(/(^|[\s(])\*(?=\S)([^*]*?\S)\*(?=[\s).,;:!?]|$)/g, "$1$2")
      .replace(/(^|[\s(])_(?=\S)([^_]*?\S)_(?=[\s).,;:!?]|$)/g, "$1$2")
      .replace(/~~(?=\S)([^~]*?\S)~~/g, "$1")
  );
}
