import { isRtl, linesOf, type PdfLine, type PdfPage } from "./pdf-lines.ts";
import { runningLines } from "./pdf-running.ts";

/**
 * Layout analysis of a PDF's text, page by page, as pure functions: running headers and footers
 * dropped (pdf-running.ts), footnotes separated from the body, columns read one after the other,
 * paragraphs found from vertical gaps, first-line indents, numbered paragraph starts and short
 * previous lines, and line-end hyphens undone only where the document's own words say so.
 */

/** The median of numbers, or null. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The most common value after rounding to `step`, ties to the smaller. */
function mode(values: number[], step: number): number | null {
  const counts = new Map<number, number>();
  for (const v of values) {
    const k = Math.round(v / step) * step;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
}

/** The size body text is set in: the size most characters of the document have. */
export function bodySizeOf(pages: PdfLine[][]): number {
  const weight = new Map<number, number>();
  for (const line of pages.flat()) {
    weight.set(line.size, (weight.get(line.size) ?? 0) + line.text.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

// ---------------------------------------------------------------------------------------------
// Footnotes

/** A footnote line opens with its number: a superscript, or digits and a space. */
const footnoteNumber = (line: PdfLine): string | null =>
  line.lead ?? /^(\d{1,3})[.)]?\s+\S/.exec(line.text)?.[1] ?? null;

/**
 * The footnotes at the foot of a page: from the bottom up, the lines set smaller than the body
 * (by 8% or more) that sit below all body text, the first of them opening with a number. Returns
 * the indexes of those lines (empty when the page has no footnotes).
 */
export function footnoteLines(lines: PdfLine[], bodySize: number): number[] {
  const order = lines.map((_, i) => i).sort((a, b) => lines[b]!.y - lines[a]!.y);
  let start = order.length;
  while (start > 0 && lines[order[start - 1]!]!.size < bodySize * 0.92) start--;
  // The block must start with a numbered line, and there must be body text above it.
  while (start < order.length && footnoteNumber(lines[order[start]!]!) === null) start++;
  if (start === 0 || start >= order.length) return [];
  return order.slice(start);
}

/** Footnote lines (top to bottom) as "[N] text" paragraphs. */
export function footnoteParagraphs(lines: PdfLine[], words: Set<string>): string[] {
  const notes: string[] = [];
  let previous: PdfLine | null = null;
  for (const line of lines) {
    const number = footnoteNumber(line);
    // A line in another size or further down than a line's spacing is not part of the note
    // (a page number under the footnotes).
    const apart =
      previous !== null &&
      (Math.abs(previous.size - line.size) > 0.5 || previous.y - line.y > line.size * 2);
    previous = line;
    if (apart) {
      notes.push(line.lead !== null ? `[${line.lead}] ${line.text}` : line.text);
    } else if (number !== null) {
      const text = line.lead !== null ? line.text : line.text.replace(/^\d{1,3}[.)]?\s+/, "");
      notes.push(`[${number}] ${text}`);
    } else if (notes.length) {
      notes[notes.length - 1] = joinLines(notes[notes.length - 1]!, line.text, words);
    } else {
      notes.push(line.text);
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Columns

/** A column (or a full-width block) of lines, top to bottom. */
interface Block {
  lines: PdfLine[];
}

/** Lines as wide as this share of the page are body text, not table cells or labels. */
const TEXT_WIDTH = 0.2;

/**
 * A vertical gutter splitting lines into a left and a right column: an x where no text line
 * crosses, with at least 3 text lines entirely on each side. Lines crossing it are full width.
 */
function findGutter(
  lines: PdfLine[],
  pageWidth: number,
  hint: number | null = null,
): number | null {
  const text = lines.filter((l) => l.right - l.x >= pageWidth * TEXT_WIDTH);
  // The gutter the document's other pages have holds on a page with few lines (the last page's
  // short second column), if no line crosses it and text stands on both sides.
  if (
    hint !== null &&
    !text.some((l) => l.x < hint && l.right > hint) &&
    text.some((l) => l.right <= hint) &&
    text.some((l) => l.x >= hint)
  ) {
    return hint;
  }
  if (text.length < 6) return null;
  const left = Math.min(...text.map((l) => l.x));
  const right = Math.max(...text.map((l) => l.right));
  // The best gutter has the fewest lines crossing it, then the most lines on its poorer side;
  // of the places that tie, the middle one (the middle of the white space between columns).
  let best: { crossing: number; balance: number; xs: number[] } | null = null;
  for (let x = left + (right - left) * 0.2; x <= right - (right - left) * 0.2; x += 2) {
    const crossing = text.filter((l) => l.x < x && l.right > x).length;
    if (crossing > text.length * 0.1) continue;
    const before = text.filter((l) => l.right <= x).length;
    const after = text.filter((l) => l.x >= x).length;
    if (before < 3 || after < 3) continue;
    const balance = Math.min(before, after);
    if (
      !best ||
      crossing < best.crossing ||
      (crossing === best.crossing && balance > best.balance)
    ) {
      best = { crossing, balance, xs: [x] };
    } else if (crossing === best.crossing && balance === best.balance) {
      best.xs.push(x);
    }
  }
  return best ? best.xs[Math.floor(best.xs.length / 2)]! : null;
}

/**
 * The page's lines as blocks in reading order: full-width lines cut the page into bands; within
 * a band, columns are read one after the other (left to right, or right to left on a page of
 * right-to-left text), each top to bottom. Three columns are a gutter within a side.
 */
export function readingOrder(
  lines: PdfLine[],
  pageWidth: number,
  /** The column gutter of the document's other pages, if they have one. */
  hint: number | null = null,
): Block[] {
  const rtl = isRtl(lines.map((l) => l.text).join(" "));
  const split = (set: PdfLine[], near: number | null = null): PdfLine[][] => {
    const gutter = findGutter(set, pageWidth, near);
    if (gutter === null) return [set];
    const left = set.filter((l) => l.right <= gutter);
    const right = set.filter((l) => l.x >= gutter);
    const across = set.filter((l) => l.x < gutter && l.right > gutter);
    if (across.length) return [set];
    const columns = [...split(left), ...split(right)];
    return rtl ? columns.reverse() : columns;
  };
  const byHeight = [...lines].sort((a, b) => b.y - a.y || a.x - b.x);
  const gutter = findGutter(byHeight, pageWidth, hint);
  if (gutter === null) return [{ lines: mergeRows(byHeight, rtl) }];
  // Bands between full-width lines.
  const blocks: Block[] = [];
  let band: PdfLine[] = [];
  const flush = () => {
    for (const column of split(band, hint)) {
      if (column.length) blocks.push({ lines: mergeRows(column, rtl) });
    }
    band = [];
  };
  for (const line of byHeight) {
    if (line.x < gutter && line.right > gutter) {
      flush();
      blocks.push({ lines: [line] });
    } else {
      band.push(line);
    }
  }
  flush();
  return blocks;
}

/** Lines of one column on the same baseline (table cells) joined back, in reading order. */
function mergeRows(lines: PdfLine[], rtl: boolean): PdfLine[] {
  const out: PdfLine[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.y - line.y) <= Math.max(last.size, line.size) / 2) {
      const [first, second] = (rtl ? last.x < line.x : last.x > line.x)
        ? [line, last]
        : [last, line];
      out[out.length - 1] = {
        ...last,
        text: `${first.text} ${second.text}`,
        x: Math.min(last.x, line.x),
        right: Math.max(last.right, line.right),
        lead: first.lead,
      };
    } else {
      out.push(line);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/** The document's words, lower case, hyphenated compounds whole ("faa-approved"). */
export function vocabularyOf(texts: string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) {
      words.add(word);
    }
  }
  return words;
}

/**
 * Joins a line to the paragraph so far. A word hyphenated at the line end is joined without its
 * hyphen when the document writes it whole elsewhere, kept hyphenated when the document writes it
 * with a hyphen ("FAA-approved"), and otherwise joined when the next line goes on in lower case
 * after a word that is not an acronym or number.
 */
export function joinLines(before: string, after: string, words: Set<string>): string {
  const hyphen = /([\p{L}\p{N}]+)-$/u.exec(before);
  const next = /^[\p{L}\p{N}]+/u.exec(after);
  if (!hyphen || !next) return `${before} ${after}`;
  const left = hyphen[1]!;
  const right = next[0];
  const whole = `${left}${right}`.toLowerCase();
  const compound = `${left}-${right}`.toLowerCase();
  let join: boolean;
  if (words.has(whole)) join = true;
  else if (words.has(compound)) join = false;
  else join = /^\p{Ll}/u.test(right) && !/^[\p{Lu}\p{N}]+$/u.test(left);
  return join ? `${before.slice(0, -1)}${after}` : `${before}${after}`;
}

/** Line spacing above this many times the usual spacing starts a paragraph. */
const PARAGRAPH_GAP = 1.4;

/** A size this much larger or smaller than the previous line's marks a heading. */
const HEADING_SIZE_RATIO = 1.15;

/** A numbered paragraph or list item: "12.", "1.2", "(a)", "a)", "iv.", "•". */
const NUMBERED =
  /^(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z]\)|\(?[ivx]{1,5}[.)]|\([0-9]{1,3}\)|[•▪–-])\s/;

const ENDS_SENTENCE = /[.!?:;"”’)\]]$/;

/** The paragraphs of a column's lines (top to bottom). `spacing`: the usual line spacing. */
export function paragraphsOf(
  lines: PdfLine[],
  spacing: number | null,
  words: Set<string>,
): string[] {
  if (lines.length === 0) return [];
  const left = mode(
    lines.map((l) => l.x),
    2,
  )!;
  const right = Math.max(...lines.map((l) => l.right));
  const width = right - Math.min(...lines.map((l) => l.x));
  const paragraphs: string[] = [];
  let current = "";
  lines.forEach((line, i) => {
    const text = line.lead !== null ? `[${line.lead}] ${line.text}` : line.text;
    const previous = lines[i - 1];
    let breaks = !previous;
    if (previous) {
      const gap = previous.y - line.y;
      const sizeRatio = Math.max(previous.size, line.size) / Math.min(previous.size, line.size);
      const indented =
        !line.rtl &&
        line.x - left > line.size * 0.8 &&
        line.x - left < width * 0.25 &&
        Math.abs(previous.x - left) < line.size * 0.5;
      const numbered = NUMBERED.test(line.text) && line.x - left < line.size * 0.5;
      // The previous line ended a paragraph if this line's first word would have fitted after
      // it: a typesetter breaks a line early only at a paragraph's end.
      const firstWord = /^\S+/.exec(line.text)?.[0] ?? "";
      const wordWidth =
        ((line.right - line.x) * (firstWord.length + 1)) / Math.max(1, line.text.length);
      const room = previous.rtl
        ? previous.x - Math.min(...lines.map((l) => l.x))
        : right - previous.right;
      const shortBefore = ENDS_SENTENCE.test(previous.text) && room > wordWidth + line.size;
      breaks =
        gap < 0 ||
        (spacing !== null && gap > spacing * PARAGRAPH_GAP) ||
        sizeRatio > HEADING_SIZE_RATIO ||
        indented ||
        (numbered && ENDS_SENTENCE.test(previous.text)) ||
        shortBefore;
    }
    if (breaks) {
      if (current) paragraphs.push(current);
      current = text;
    } else {
      current = joinLines(current, text, words);
    }
  });
  if (current) paragraphs.push(current);
  return paragraphs;
}

// ---------------------------------------------------------------------------------------------
// The document

export interface LaidOutPage {
  /** Body paragraphs in reading order, then the page's footnotes as "[N] …" paragraphs. */
  paragraphs: string[];
  /** Running header and footer lines removed from this page. */
  removed: string[];
  /** The page's first line set at least 20% larger than the body: a heading. */
  heading: string | null;
}

/** Lays out every page of a document. */
export function layoutPages(pages: PdfPage[]): LaidOutPage[] {
  const lines = pages.map((p) => linesOf(p.items));
  const bodySize = bodySizeOf(lines);
  const notes = lines.map((page) => new Set(footnoteLines(page, bodySize)));
  // A footnote is protected from the running-line rule when the body of its page carries its mark.
  const marksOf = lines.map(
    (page) =>
      new Set(page.flatMap((l) => [...l.text.matchAll(/\[(\d{1,3})\]/g)].map((m) => m[1]!))),
  );
  const drop = runningLines(
    pages.map((p, i) => ({ height: p.height, lines: lines[i]! })),
    (page, line) => {
      const l = lines[page]![line]!;
      const n = l.lead ?? /^(\d{1,3})\s/.exec(l.text)?.[1];
      return notes[page]!.has(line) && n !== undefined && marksOf[page]!.has(n);
    },
  );
  const words = vocabularyOf(lines.flat().map((l) => l.text));
  const spacing = median(
    lines.flatMap((page) =>
      page
        .slice(1)
        .map((l, i) => page[i]!.y - l.y)
        .filter(
          (gap, i) => gap > 0 && Math.abs(page[i]!.size - bodySize) < 0.2 && gap < bodySize * 3,
        ),
    ),
  );
  const bodies = pages.map((_, p) => {
    const dropped = drop.get(p) ?? new Set<number>();
    return lines[p]!.filter((_, i) => !dropped.has(i) && !notes[p]!.has(i));
  });
  // The document's usual gutter: the most common one its pages show, when most pages show one.
  const gutters = bodies
    .map((body, p) => findGutter(body, pages[p]!.width))
    .filter((g): g is number => g !== null);
  const hint = gutters.length >= pages.length / 2 ? mode(gutters, 4) : null;
  return pages.map((page, p) => {
    const dropped = drop.get(p) ?? new Set<number>();
    const pageLines = lines[p]!;
    const footnotes = [...notes[p]!].filter((i) => !dropped.has(i));
    const body = bodies[p]!;
    const paragraphs: string[] = [];
    for (const block of readingOrder(body, page.width, hint)) {
      const [first, ...rest] = paragraphsOf(block.lines, spacing, words);
      if (first === undefined) continue;
      const last = paragraphs[paragraphs.length - 1];
      // A paragraph that runs on from the foot of one column to the head of the next.
      if (last !== undefined && !ENDS_SENTENCE.test(last) && /^\p{Ll}/u.test(first)) {
        paragraphs[paragraphs.length - 1] = joinLines(last, first, words);
      } else {
        paragraphs.push(first);
      }
      paragraphs.push(...rest);
    }
    const noteLines = footnotes.map((i) => pageLines[i]!).sort((a, b) => b.y - a.y || a.x - b.x);
    return {
      paragraphs: [...paragraphs, ...footnoteParagraphs(noteLines, words)],
      removed: [...dropped].map((i) => pageLines[i]!.text),
      heading: body.find((l) => l.size >= bodySize * 1.2 && /\p{L}/u.test(l.text))?.text ?? null,
    };
  });
}
