import { type Paragraph, paragraphAt } from "./paragraphs.ts";

/**
 * Sentence ends: ., ! or ? (optionally followed by closing quotes or brackets) before whitespace.
 * Abbreviations like "U.N. officials" split early; that only makes keyboard selection take one
 * more key press, which is cheaper than a language-specific abbreviation list.
 */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)/g;

/** The sentence `[start, end)` containing `offset`; a sentence never crosses a paragraph. */
export function sentenceAt(
  text: string,
  paragraphs: Paragraph[],
  offset: number,
): { start: number; end: number } | null {
  if (paragraphs.length === 0) return null;
  let para = paragraphs[paragraphAt(paragraphs, offset)]!;
  if (offset >= para.end) {
    // In the gap after a paragraph: the next paragraph's first sentence.
    const next = paragraphs[paragraphAt(paragraphs, offset) + 1];
    if (!next) return null;
    para = next;
    offset = next.start;
  }
  const body = text.slice(para.start, para.end);
  const local = Math.max(0, offset - para.start);
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(body); m; m = SENTENCE_END.exec(body)) {
    const end = m.index + m[0].length;
    if (end > local) return trimmed(para.start, body, start, end);
    start = end;
  }
  return trimmed(para.start, body, start, body.length);
}

function trimmed(base: number, body: string, start: number, end: number) {
  while (start < end && /\s/.test(body[start]!)) start++;
  return { start: base + start, end: base + end };
}

/** The sentence after the one ending at `end`, across paragraph gaps; null at the end. */
export function nextSentence(text: string, paragraphs: Paragraph[], end: number) {
  let offset = end;
  while (offset < text.length && /\s/.test(text[offset]!)) offset++;
  if (offset >= text.length) return null;
  return sentenceAt(text, paragraphs, offset);
}
