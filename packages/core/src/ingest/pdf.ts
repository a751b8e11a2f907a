import { getDocumentProxy } from "unpdf";
import { GlossError } from "../error/index.ts";
import { canonicalize } from "../text/index.ts";
import { cleanMeta, toDate } from "./blocks.ts";
import type { RawExtract } from "./extract.ts";
import { pickTitle } from "./metadata.ts";
import { layoutPages } from "./pdf-layout.ts";
import { isUnreadable, type PdfItem, type PdfPage } from "./pdf-lines.ts";

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** pdf.js text items as layout items, relative to the page's lower-left corner. */
function itemsOf(items: TextItem[], x0: number, y0: number): PdfItem[] {
  return items.map((item) => {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
    return {
      str: item.str,
      x: e - x0,
      y: f - y0,
      width: item.width,
      size: Math.hypot(c, d) || Math.hypot(a, b) || item.height,
    };
  });
}

const latin1 = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

/** Whether a PDF's last 4 KB hold its end-of-file marker (trailing bytes after it are common). */
const endsWell = (bytes: Uint8Array) =>
  latin1(bytes.subarray(Math.max(0, bytes.length - 4096))).includes("%%EOF");

const truncated = () =>
  new GlossError(
    "invalid",
    "document.truncated",
    "the PDF is incomplete (it ends before its end-of-file marker); upload the whole file again",
  );

/** What pdf.js throws for a file it cannot open, in words for people. */
function openFailure(error: unknown): GlossError {
  const name =
    typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
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

/**
 * The publication date a PDF states: XMP `prism:publicationDate` or `prism:coverDate` only. The
 * info dictionary's CreationDate and ModDate are when a file was made (a report generated today
 * is not published today), so they are never taken for it.
 */
function publicationDate(
  metadata: { get(name: string): unknown } | null | undefined,
): string | null {
  for (const name of ["prism:publicationDate", "prism:coverDate", "prism:publicationdate"]) {
    const value = metadata?.get(name);
    const date = toDate(Array.isArray(value) ? value[0] : value);
    if (date) return date;
  }
  return null;
}

/**
 * The text of a PDF, page by page (pdf.js through unpdf), laid out by pdf-layout.ts: running
 * headers and footers dropped, columns in reading order, paragraphs, footnotes as "[N] …" at the
 * end of their page, line-end hyphens undone where the document's words say so. Each page starts
 * a new paragraph, and the offset where it starts is recorded, so a passage's page is known.
 * Refused: encrypted, damaged, truncated, no text layer, unreadable text layer.
 */
export async function extractPdf(bytes: Uint8Array): Promise<RawExtract> {
  // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (error) {
    // A file with pages in it but no end is one cut off in transfer, not a damaged one.
    if (
      !endsWell(bytes) &&
      /\/Type\s*\/Page\b|\bstream\b/.test(latin1(bytes.subarray(0, 1 << 20)))
    ) {
      throw truncated();
    }
    throw openFailure(error);
  }
  // A PDF ends with "%%EOF" (trailing bytes after it are tolerated). Without it the file was cut
  // off, and pdf.js, which opened it anyway, would read the pages that survived as if they were
  // the whole document.
  if (!endsWell(bytes)) {
    await pdf.loadingTask.destroy();
    throw truncated();
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const [x0 = 0, y0 = 0, x1 = 595, y1 = 842] = page.view;
      pages.push({
        width: x1 - x0,
        height: y1 - y0,
        items: itemsOf(
          content.items.flatMap((i) => ("str" in i ? [i] : [])),
          x0,
          y0,
        ),
      });
      page.cleanup();
    }
    const layerText = pages.flatMap((p) => p.items.map((i) => i.str)).join("");
    if (layerText.trim() === "") {
      throw new GlossError(
        "invalid",
        "document.no_text_layer",
        "no text layer (scanned?): the PDF has pages but no text to annotate; run OCR on it first",
      );
    }
    if (isUnreadable(layerText)) {
      throw new GlossError(
        "invalid",
        "document.unreadable_text_layer",
        "the PDF's text layer is unreadable; run OCR on it",
      );
    }
    let text = "";
    const pageStarts: number[] = [];
    const laidOut = layoutPages(pages);
    for (const page of laidOut) {
      const pageText = canonicalize(page.paragraphs.join("\n\n"));
      pageStarts.push(text.length === 0 ? 0 : text.length + 2);
      if (pageText) text = text ? `${text}\n\n${pageText}` : pageText;
    }
    if (text.trim() === "") {
      // Layout never empties a page, so text that was there is there: this is a layer of blanks.
      throw new GlossError(
        "invalid",
        "document.unreadable_text_layer",
        "the PDF's text layer is unreadable; run OCR on it",
      );
    }
    const meta = await pdf.getMetadata().catch(() => null);
    const info: unknown = meta?.info;
    const infoField = (name: string): unknown =>
      typeof info === "object" && info !== null
        ? Object.getOwnPropertyDescriptor(info, name)?.value
        : null;
    return {
      text,
      title: pickTitle(cleanMeta(infoField("Title")), laidOut[0]?.heading),
      author: cleanMeta(infoField("Author")),
      publishedAt: publicationDate(meta?.metadata),
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
