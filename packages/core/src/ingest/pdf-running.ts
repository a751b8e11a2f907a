import type { PdfLine } from "./pdf-lines.ts";

/**
 * Running headers and footers: lines in the top or bottom band of the page that repeat, in the
 * same band, on most pages of the same parity (books alternate "124 FREE CULTURE" on even pages
 * with "“PROPERTY” 149" on odd ones) or of the whole document. Compared without white space and
 * with digits masked; a line whose digits change must carry a page number, i.e. a number that
 * rises with the page by a constant offset (footnotes "3 See communication 12 …" repeat in shape
 * but do not). Documents under 3 pages have none; a page is never emptied by it.
 */

/** Share of the page height at the top and at the bottom that running lines live in. */
const BAND = 0.1;

/** Lines at each end of a page (in height order) that are candidates. */
const EDGE_LINES = 3;

/** Share of the pages (of one parity, or of all) a running line repeats on. */
const RUNNING_SHARE = 0.5;

const MIN_PAGES = 3;

/** A line's shape: lower case, white space out, every number a `#`. */
export const shapeOf = (text: string) =>
  text.toLowerCase().replace(/\s+/g, "").replace(/\d+/g, "#");

interface Candidate {
  page: number;
  line: number;
  numbers: number[];
  compact: string;
  /** Set apart from the rest of the page by more than two line heights. */
  isolated: boolean;
}

/**
 * The offset between the page index and a number the occurrences carry that rises with the page
 * (the printed page number is index + offset), or null when none does.
 */
function pageNumberOffset(found: Candidate[]): number | null {
  const width = Math.min(...found.map((c) => c.numbers.length));
  for (let k = 0; k < width; k++) {
    const offsets = new Map<number, number>();
    for (const c of found) {
      const offset = c.numbers[k]! - c.page;
      offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
    }
    const [offset, count] = [...offsets].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    if (count >= 2 && count >= found.length * 0.8) return offset;
  }
  return null;
}

/**
 * The lines to drop, as `page → set of line indexes`. `lines[p]` are page p's lines; `protect`
 * says which lines must stay whatever they look like (footnotes).
 */
export function runningLines(
  pages: Array<{ height: number; lines: PdfLine[] }>,
  protect: (page: number, line: number) => boolean = () => false,
): Map<number, Set<number>> {
  const drop = new Map<number, Set<number>>();
  if (pages.length < MIN_PAGES) return drop;
  const groups = new Map<string, Candidate[]>();
  pages.forEach(({ height, lines }, page) => {
    const order = lines.map((_, i) => i).sort((a, b) => lines[b]!.y - lines[a]!.y);
    const edges = new Set([...order.slice(0, EDGE_LINES), ...order.slice(-EDGE_LINES)]);
    for (const i of edges) {
      const line = lines[i]!;
      const at = order.indexOf(i);
      const above = at > 0 ? lines[order[at - 1]!]!.y - line.y : Number.POSITIVE_INFINITY;
      const below =
        at < order.length - 1 ? line.y - lines[order[at + 1]!]!.y : Number.POSITIVE_INFINITY;
      const zone = line.y >= height * (1 - BAND) ? "top" : line.y <= height * BAND ? "bottom" : "";
      if (!zone || protect(page, i)) continue;
      const text = `${line.lead ?? ""} ${line.text}`;
      const key = `${zone} ${shapeOf(text)}`;
      const list = groups.get(key) ?? [];
      list.push({
        page,
        line: i,
        numbers: (text.match(/\d+/g) ?? []).map(Number),
        compact: text.replace(/\s+/g, ""),
        isolated: Math.min(above, below) > line.size * 2,
      });
      groups.set(key, list);
    }
  });
  const dropLine = (c: Candidate) => {
    const set = drop.get(c.page) ?? new Set<number>();
    set.add(c.line);
    drop.set(c.page, set);
  };
  const offsets = new Set<number>();
  const single: Candidate[] = [];
  const parityCount = [Math.ceil(pages.length / 2), Math.floor(pages.length / 2)];
  for (const found of groups.values()) {
    const pagesFound = new Set(found.map((c) => c.page));
    const byParity = [0, 1].map((p) => [...pagesFound].filter((n) => n % 2 === p).length);
    const repeats =
      pagesFound.size >= 2 &&
      (pagesFound.size >= pages.length * RUNNING_SHARE ||
        byParity.some((n, p) => n >= 2 && n >= parityCount[p]! * RUNNING_SHARE));
    if (!repeats) {
      if (found.length === 1) single.push(found[0]!);
      continue;
    }
    const same = found.every((c) => c.compact === found[0]!.compact);
    const offset = same ? null : pageNumberOffset(found);
    if (!same && offset === null) continue;
    if (offset !== null) offsets.add(offset);
    for (const c of found) dropLine(c);
  }
  // A header seen once (the only even page of a 3-page report: "2 HUMAN RIGHTS COUNCIL") is
  // running when it carries the page's own number, as the document's page numbers run.
  for (const c of single) {
    if (c.isolated && c.compact.length <= 60 && c.numbers.some((n) => offsets.has(n - c.page)))
      dropLine(c);
  }
  // Never empty a page: a page whose every line looks running keeps them (a page of one similar
  // line each is content, not furniture).
  for (const [page, set] of drop) {
    if (set.size >= pages[page]!.lines.length) drop.delete(page);
  }
  return drop;
}
