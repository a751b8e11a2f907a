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
    let text = line
      .replace(/^\s{0,3}#{1,6}\s+/, "")
      .replace(/\s+#+\s*$/, "")
      .replace(/^\s{0,3}>\s?/, "");
    text = inline(text);
    out.push(text);
  }
  return out.join("\n");
}

/** Inline markup of one line: images and links to their text, emphasis and code markers off. */
function inline(text: string): string {
  return (
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/`([^`]+)`/g, "$1")
      .replace(/(\*\*|__)(?=\S)([^*_]*?\S)\1/g, "$2")
      // Single * or _ only around words, so snake_case and 2 * 3 survive.
      .replace(/(^|[\s(])\*(?=\S)([^*]*?\S)\*(?=[\s).,;:!?]|$)/g, "$1$2")
      .replace(/(^|[\s(])_(?=\S)([^_]*?\S)_(?=[\s).,;:!?]|$)/g, "$1$2")
      .replace(/~~(?=\S)([^~]*?\S)~~/g, "$1")
  );
}
