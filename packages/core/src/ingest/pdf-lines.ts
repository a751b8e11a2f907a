/**
 * From a PDF page's positioned text items to lines: overprinted duplicates dropped, items on one
 * baseline ordered by position (right to left for Arabic and Hebrew lines), split where a gap is
 * as wide as a column gutter, and superscript footnote marks kept apart from the word they follow.
 * Pure functions on plain data, so the rules are tested without a PDF.
 */

/** A run of text as the PDF places it (pdf.js text items, in PDF user space). */
export interface PdfItem {
  str: string;
  /** Left edge and baseline; y grows upwards. */
  x: number;
  y: number;
  width: number;
  /** Font size in user space. */
  size: number;
}

/** One line (or one column's part of a line) of a page. */
export interface PdfLine {
  text: string;
  x: number;
  right: number;
  /** Baseline of the line's main text. */
  y: number;
  /** Size of most of the line's text. */
  size: number;
  /** A superscript number opening the line (a footnote's own number), kept out of `text`. */
  lead: string | null;
  rtl: boolean;
}

/** A page's items, and its size. */
export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

/** An item cut into its words, each placed in proportion to its share of the item's text. */
function wordsOf(item: PdfItem): PdfItem[] {
  if (!/\s/.test(item.str.trim())) return [item];
  const words: PdfItem[] = [];
  const unit = item.width / Math.max(1, item.str.length);
  for (const match of item.str.matchAll(/\S+/g)) {
    words.push({
      ...item,
      str: match[0],
      x: item.x + match.index * unit,
      width: match[0].length * unit,
    });
  }
  return words;
}

/**
 * Overprinted "fake bold" draws the same text 2–4 times a fraction of a point apart, and pdf.js
 * merges the copies into runs like "1. The", "The Working". Items are compared word by word: a
 * word drawn again within 0.4 font sizes (and half its own width) of the same word is dropped.
 * Two real words that are the same stand at least a word's width apart.
 */
export function withoutOverprint(items: PdfItem[]): PdfItem[] {
  const kept: PdfItem[] = [];
  const byText = new Map<string, PdfItem[]>();
  for (const word of items.flatMap(wordsOf)) {
    const same = byText.get(word.str) ?? [];
    const near = Math.min(word.size * 0.4, word.width * 0.5);
    if (
      same.some((o) => Math.abs(o.x - word.x) < near && Math.abs(o.y - word.y) < word.size * 0.2)
    ) {
      continue;
    }
    same.push(word);
    byText.set(word.str, same);
    kept.push(word);
  }
  return kept;
}

const RTL_CHAR = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/gu;
const LETTER = /\p{L}/gu;

/** Whether a text is mostly written right to left (more Arabic/Hebrew letters than others). */
export function isRtl(text: string): boolean {
  const rtl = text.match(RTL_CHAR)?.length ?? 0;
  return rtl > 0 && rtl >= (text.match(LETTER)?.length ?? 0) - rtl;
}

/** A gap this many font sizes wide between items on a baseline separates columns or cells. */
const GUTTER = 1.2;

/** A gap wider than this share of the font size between items is a word space. */
const WORD_GAP = 0.15;

/** The size most of a group's characters are set in. */
function mainSize(items: PdfItem[]): number {
  const weight = new Map<number, number>();
  for (const item of items) {
    const size = Math.round(item.size * 10) / 10;
    weight.set(size, (weight.get(size) ?? 0) + item.str.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

/** A superscript mark: a short number (or *, †) set smaller and above the baseline. */
function isMark(item: PdfItem, size: number, baseline: number): boolean {
  return (
    item.size <= size * 0.8 &&
    item.y - baseline > size * 0.2 &&
    /^\s*(\d{1,3}|[*†‡])\s*$/.test(item.str)
  );
}

/** One line from items on one baseline that no gutter separates. */
function lineOf(items: PdfItem[]): PdfLine | null {
  const size = mainSize(items);
  const main = items.filter((i) => Math.abs(i.size - size) < 0.15);
  const baseline = main.length ? Math.min(...main.map((i) => i.y)) : items[0]!.y;
  const rtl = isRtl(items.map((i) => i.str).join(""));
  const ordered = [...items].sort((a, b) => (rtl ? b.x + b.width - (a.x + a.width) : a.x - b.x));
  let text = "";
  let lead: string | null = null;
  let edge: number | null = null;
  for (const item of ordered) {
    const str = item.str;
    if (isMark(item, size, baseline)) {
      if (text.trim() === "" && lead === null) lead = str.trim();
      else text = `${text.replace(/\s+$/, "")}[${str.trim()}]`;
    } else {
      const gap = edge === null ? 0 : rtl ? edge - (item.x + item.width) : item.x - edge;
      if (text && gap > size * WORD_GAP && !/\s$/.test(text) && !/^\s/.test(str)) text += " ";
      text += str;
    }
    edge = rtl ? item.x : item.x + item.width;
  }
  text = text.replace(/\s+/g, " ").trim();
  if (!text && lead === null) return null;
  return {
    text,
    x: Math.min(...items.map((i) => i.x)),
    right: Math.max(...items.map((i) => i.x + i.width)),
    y: baseline,
    size,
    lead,
    rtl,
  };
}

/**
 * The lines of a page, top to bottom and, on one baseline, in reading order. Items whose baselines
 * differ by less than half the font size share a line (superscripts rise less than that); on a
 * line, a gap of more than 1.2 font sizes starts a separate line (another column, a table cell).
 */
export function linesOf(input: PdfItem[]): PdfLine[] {
  const items = withoutOverprint(input.filter((i) => i.str.trim() !== "" && i.size > 0));
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Array<{ y: number; size: number; items: PdfItem[] }> = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.y - item.y) <= Math.max(row.size, item.size) / 2) {
      row.items.push(item);
      if (item.size > row.size) {
        row.size = item.size;
        row.y = item.y;
      }
    } else {
      rows.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  const lines: PdfLine[] = [];
  for (const row of rows) {
    const byX = [...row.items].sort((a, b) => a.x - b.x);
    let group: PdfItem[] = [];
    let right = Number.NEGATIVE_INFINITY;
    for (const item of byX) {
      if (group.length && item.x - right > GUTTER * Math.max(item.size, mainSize(group))) {
        const line = lineOf(group);
        if (line) lines.push(line);
        group = [];
      }
      group.push(item);
      right = Math.max(right, item.x + item.width);
    }
    const line = group.length ? lineOf(group) : null;
    if (line) lines.push(line);
  }
  return lines;
}

/**
 * Characters a text layer is made of when its fonts have no Unicode map: controls, private-use
 * code points, replacement characters, unassigned code points.
 */
const GARBAGE = /[\p{Cc}\p{Co}\p{Cn}\uFFFD]/gu;
const WORDLIKE = /[\p{L}\p{M}\p{N}]/gu;

/**
 * Whether a text layer is unreadable: at least 40 visible characters of which most are garbage
 * (controls, private use, U+FFFD), or fewer than a quarter letters and digits (glyph codes
 * read as punctuation). Real text, even a table of figures, is mostly letters and digits.
 */
export function isUnreadable(text: string): boolean {
  const visible = text.replace(/\s+/g, "");
  if (visible.length < 40) return false;
  const garbage = visible.match(GARBAGE)?.length ?? 0;
  const wordlike = visible.replace(GARBAGE, "").match(WORDLIKE)?.length ?? 0;
  return garbage / visible.length > 0.3 || wordlike / visible.length < 0.25;
}
