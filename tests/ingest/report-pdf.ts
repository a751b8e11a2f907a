import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";

/**
 * UN-style reports typeset with pdf-lib, with their ground truth: numbered or indented
 * paragraphs without extra spacing, superscript footnote marks and footnotes at the foot of the
 * page, running headers that alternate between odd and even pages, page-number footers, one or
 * two columns, and words hyphenated at line ends. Shared by the golden tests and the bench.
 */

export interface ReportSpec {
  /** Paragraph texts; "{N}" is footnote N's mark, set as a superscript after the word before. */
  paragraphs: string[];
  /** Footnote N's text is `footnotes[N - 1]`. */
  footnotes?: string[];
  columns?: 1 | 2;
  /** How a paragraph starts: a first-line indent, or only its number (no extra space either way). */
  style?: "indent" | "numbered";
  /** Running headers per page number (1-based), or none. */
  header?: (page: number) => { text: string; align: "left" | "right" } | null;
  footer?: (page: number) => string | null;
  /** Words that may break at a line end, with where: "traf|ficking", "FAA-|approved". */
  breaks?: string[];
  /** Draw the first paragraph three times, a fraction of a point apart (fake bold). */
  overprint?: boolean;
}

export interface ReportTruth {
  /** Per page: body paragraphs (split where the page breaks them), then "[N] …" footnotes. */
  pages: string[][];
  /** Header and footer lines drawn, per page. */
  running: string[][];
  /** Every body and footnote line drawn, per page (what must never be removed). */
  bodyLines: string[][];
}

// Page and type measures in points (A4): the reader's layout constants share only their shape.
const WIDTH = 595;
const HEIGHT = 842;
const MARGIN = 72;
const SIZE = 11;
const LEADING = 14;
const NOTE_SIZE = 8;
const NOTE_LEADING = 10;
const GUTTER = 24;

interface Token {
  word: string;
  mark: string | null;
}

const tokensOf = (text: string): Token[] =>
  text.split(" ").map((w) => {
    const m = /^(.*?)\{(\d+)\}$/.exec(w);
    return m ? { word: m[1]!, mark: m[2]! } : { word: w, mark: null };
  });

export async function makeReport(
  spec: ReportSpec,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; truth: ReportTruth }> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const columns = spec.columns ?? 1;
  const colWidth = (WIDTH - 2 * MARGIN - (columns - 1) * GUTTER) / columns;
  const breaks = new Map(
    (spec.breaks ?? []).map((b) => [b.replace("|", ""), b.split("|") as [string, string]]),
  );
  const truth: ReportTruth = { pages: [], running: [], bodyLines: [] };
  const width = (text: string, size = SIZE) => font.widthOfTextAtSize(text, size);

  let page: PDFPage;
  let pageNo = 0;
  let column = 0;
  let y = 0;
  let notes: string[] = [];
  let bottom = MARGIN;
  const newPage = () => {
    if (pageNo > 0) finishPage(page, font);
    page = pdf.addPage([WIDTH, HEIGHT]);
    pageNo++;
    column = 0;
    y = HEIGHT - MARGIN - 20;
    notes = [];
    bottom = MARGIN;
    truth.pages.push([]);
    truth.running.push([]);
    truth.bodyLines.push([]);
  };
  const finishPage = (p: PDFPage, f: PDFFont) => {
    const index = pageNo - 1;
    const header = spec.header?.(pageNo);
    if (header) {
      const x = header.align === "left" ? MARGIN : WIDTH - MARGIN - width(header.text, 9);
      p.drawText(header.text, { x, y: HEIGHT - 40, size: 9, font: f });
      truth.running[index]!.push(header.text);
    }
    const footer = spec.footer?.(pageNo);
    if (footer) {
      p.drawText(footer, { x: (WIDTH - width(footer, 9)) / 2, y: 30, size: 9, font: f });
      truth.running[index]!.push(footer);
    }
    // Footnotes, top to bottom, above the footer.
    let ny = MARGIN - 10 + notes.length * NOTE_LEADING;
    for (const n of notes) {
      const [number, ...rest] = n.split(" ");
      p.drawText(number!, { x: MARGIN, y: ny + 2, size: 6, font: f });
      p.drawText(rest.join(" "), { x: MARGIN + 8, y: ny, size: NOTE_SIZE, font: f });
      truth.pages[index]!.push(`[${number}] ${rest.join(" ")}`);
      truth.bodyLines[index]!.push(rest.join(" "));
      ny -= NOTE_LEADING;
    }
  };
  const left = () => MARGIN + column * (colWidth + GUTTER);
  /** Moves to the next line, the next column or the next page. */
  const nextLine = () => {
    y -= LEADING;
    if (y < bottom + 10) {
      if (column + 1 < columns) {
        column++;
        y = HEIGHT - MARGIN - 20;
      } else {
        newPage();
      }
    }
  };

  newPage();
  spec.paragraphs.forEach((paragraph, p) => {
    // Each drawn token carries what the reader should read for it ("" for a split word's tail).
    let line: Array<Token & { read: string }> = [];
    let lineWidth = 0;
    let first = true;
    let read: string[] = [];
    const indent = () => (first && spec.style !== "numbered" ? 22 : 0);
    const flush = () => {
      let x = left() + indent();
      if (spec.overprint && p === 0) {
        // Fake bold: the line's text shown twice more, a fraction of a point to the right.
        const text = line.map((t) => t.word).join(" ");
        for (const dx of [0.3, 0.6]) page.drawText(text, { x: x + dx, y, size: SIZE, font });
      }
      for (const t of line) {
        page.drawText(t.word, { x, y, size: SIZE, font });
        x += width(t.word);
        if (t.mark) {
          page.drawText(t.mark, { x, y: y + 4, size: 6, font });
          x += width(t.mark, 6);
          notes.push(`${t.mark} ${spec.footnotes?.[Number(t.mark) - 1] ?? ""}`);
          bottom = MARGIN + notes.length * NOTE_LEADING + 10;
        }
        x += width(" ");
      }
      truth.bodyLines[pageNo - 1]!.push(line.map((t) => t.word).join(" "));
      read.push(...line.map((t) => t.read).filter((r) => r !== ""));
      line = [];
      lineWidth = 0;
      first = false;
      const before = pageNo;
      nextLine();
      // Each page starts a paragraph in Gloss, so the truth splits a paragraph at a page break.
      if (pageNo !== before && read.length) {
        truth.pages[before - 1]!.push(read.join(" "));
        read = [];
      }
    };
    for (const token of tokensOf(paragraph)) {
      const reads = token.mark ? `${token.word}[${token.mark}]` : token.word;
      const w = width(token.word) + (token.mark ? width(token.mark, 6) : 0);
      const space = line.length ? width(" ") : 0;
      if (line.length && lineWidth + space + w > colWidth - indent()) {
        const split = breaks.get(token.word);
        const head = split ? (split[0].endsWith("-") ? split[0] : `${split[0]}-`) : "";
        if (split && lineWidth + space + width(head) <= colWidth - indent()) {
          line.push({ word: head, mark: null, read: reads });
          flush();
          line.push({ word: split[1], mark: token.mark, read: "" });
          lineWidth = width(split[1]) + (token.mark ? width(token.mark, 6) : 0);
          continue;
        }
        flush();
      }
      lineWidth += (line.length ? width(" ") : 0) + w;
      line.push({ ...token, read: reads });
    }
    if (line.length) flush();
    if (read.length) truth.pages[pageNo - 1]!.push(read.join(" "));
  });
  finishPage(page!, font);
  // Footnotes come after the body in the truth of each page.
  truth.pages = truth.pages.map((paragraphs) => [
    ...paragraphs.filter((t) => !/^\[\d+\] /.test(t)),
    ...paragraphs.filter((t) => /^\[\d+\] /.test(t)),
  ]);
  return { bytes: new Uint8Array(await pdf.save()), truth };
}
