import { getDocumentProxy } from "unpdf";
import { GlossError } from "../error/index.ts";
import { canonicalize } from "../text/index.ts";
import { cleanMeta, toDate } from "./blocks.ts";
import type { RawExtract } from "./extract.ts";

interface Line {
  text: string;
  /** Baseline height on the page (PDF user space: larger is higher). */
  y: number;
  /** Font size of the line's largest text. */
  size: number;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** Lines of a page from pdf.js text items: a new line at each end-of-line mark or baseline change. */
function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { right: number }) | null = null;
  const end = () => {
    if (current?.text.trim()) {
      lines.push({
        text: current.text.replace(/\s+/g, " ").trim(),
        y: current.y,
        size: current.size,
      });
    }
    current = null;
  };
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const size = Math.abs(item.transform[3] ?? item.height) || item.height;
    // A baseline that moves by more than half the font size is a new line (superscripts move less).
    if (current && Math.abs(current.y - y) > Math.max(current.size, size) / 2) end();
    if (item.str) {
      if (!current) {
        current = { text: "", y, size, right: x };
      } else if (
        // pdf.js usually gives the spaces between words as items of their own; where it does
        // not, a horizontal gap wider than a fifth of the font size is one.
        x - current.right > size * 0.2 &&
        !/\s$/.test(current.text) &&
        !/^\s/.test(item.str)
      ) {
        current.text += " ";
      }
      current.text += item.str;
      current.size = Math.max(current.size, size);
      current.right = x + item.width;
    }
    if (item.hasEOL) end();
  }
  end();
  return lines;
}

/** A line's shape for comparing headers and footers across pages: digits stand for any number. */
const shape = (text: string) => text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ");

/** Lines at each edge of a page that may be a running header or footer. */
const EDGE_LINES = 2;

/**
 * A header or footer repeats on most pages: at least 60% of them (so a title page or a chapter
 * opening without one does not hide it) and on at least two pages. Page numbers alone ("7",
 * "Page 7 of 40", "- 7 -") have the same shape on every page and so are caught by the same rule.
 */
const RUNNING_SHARE = 0.6;

function dropRunningLines(pages: Line[][]): Line[][] {
  if (pages.length < 2) return pages;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([
      ...lines.slice(0, EDGE_LINES).map((l) => shape(l.text)),
      ...lines.slice(-EDGE_LINES).map((l) => shape(l.text)),
    ]);
    for (const edge of edges) counts.set(edge, (counts.get(edge) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(pages.length * RUNNING_SHARE));
  const running = new Set([...counts].filter(([, n]) => n >= needed).map(([s]) => s));
  return pages.map((lines) =>
    lines.filter((line, i) => {
      const atEdge = i < EDGE_LINES || i >= lines.length - EDGE_LINES;
      return !(atEdge && running.has(shape(line.text)));
    }),
  );
}

/** The median of positive numbers, or null. */
function median(values: number[]): number | null {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
}

/**
 * A gap between lines wider than 1.4 × the page's usual line spacing starts a paragraph: body text
 * is set at 1.1–1.3 × its size, a blank line or paragraph spacing adds at least half a line.
 */
const PARAGRAPH_GAP = 1.4;

/** A font size 15% off the neighbouring line's marks a heading, which is a paragraph of its own. */
const HEADING_SIZE_RATIO = 1.15;

/**
 * Joins a page's lines into paragraphs. Within a paragraph, line breaks are only layout: lines
 * are joined with a space, and a word hyphenated at a line end ("traf-" + "ficking") is joined
 * without its hyphen when the next line goes on in lower case. Hyphens before a capital or a digit
 * ("Indo-" + "Pacific", "COVID-" + "19") are kept, since they are real compound hyphens.
 */
function paragraphsOfPage(lines: Line[]): string[] {
  const spacing = median(lines.slice(1).map((line, i) => lines[i]!.y - line.y));
  const paragraphs: string[] = [];
  let current = "";
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const gap = previous ? previous.y - line.y : 0;
    const sizeRatio = previous
      ? Math.max(previous.size, line.size) / Math.min(previous.size, line.size)
      : 1;
    const breaks =
      !previous ||
      gap < 0 || // a new column starts higher up
      (spacing !== null && gap > spacing * PARAGRAPH_GAP) ||
      sizeRatio > HEADING_SIZE_RATIO;
    if (breaks) {
      if (current) paragraphs.push(current);
      current = line.text;
    } else if (/\p{L}-$/u.test(current) && /^\p{Ll}/u.test(line.text)) {
      current = current.slice(0, -1) + line.text;
    } else {
      current += ` ${line.text}`;
    }
  });
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** What pdf.js throws for a file it cannot open, in words for people. */
function openFailure(error: unknown): GlossError {
  const name = (error as { name?: string })?.name ?? "";
  if (name === "PasswordException") {
    return new GlossError(
      "invalid",
      "document.encrypted",
      "the PDF is password-protected; remove the password and upload it again",
    );
  }
  return new GlossError(
    "invalid",
    "document.corrupt_file",
    `the PDF could not be read; it may be damaged (${error instanceof Error ? error.message : String(error)})`,
  );
}

/** PDF date strings are `D:YYYYMMDDHHmmSS…`; only the date part matters here. */
function pdfDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
  if (!match) return null;
  return toDate(`${match[1]}-${match[2] ?? "01"}-${match[3] ?? "01"}`);
}

/**
 * The text of a PDF, page by page (pdf.js through unpdf): running headers and footers dropped,
 * hyphenation at line ends undone, paragraphs found from line spacing. Each page starts a new
 * paragraph, and the offset where it starts is recorded, so a passage's page is known.
 */
export async function extractPdf(bytes: Uint8Array): Promise<RawExtract> {
  // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (error) {
    throw openFailure(error);
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items.filter((i) => "str" in i) as TextItem[]));
      page.cleanup();
    }
    const kept = dropRunningLines(pages);
    let text = "";
    const pageStarts: number[] = [];
    for (const lines of kept) {
      const pageText = canonicalize(paragraphsOfPage(lines).join("\n\n"));
      pageStarts.push(text.length === 0 ? 0 : text.length + 2);
      if (pageText) text = text ? `${text}\n\n${pageText}` : pageText;
    }
    if (text.trim() === "") {
      throw new GlossError(
        "invalid",
        "document.no_text_layer",
        "no text layer (scanned?): the PDF has pages but no text to annotate; run OCR on it first",
      );
    }
    const info = ((await pdf.getMetadata().catch(() => null))?.info ?? {}) as Record<
      string,
      unknown
    >;
    return {
      text,
      title: cleanMeta(info.Title),
      author: cleanMeta(info.Author),
      publishedAt: pdfDate(info.CreationDate),
      // An empty last page would start past the end of the text; it starts at the end instead.
      pages: pageStarts.map((start) => Math.min(start, text.length)),
    };
  } catch (error) {
    if (error instanceof GlossError) throw error;
    throw openFailure(error);
  } finally {
    await pdf.loadingTask.destroy();
  }
}
