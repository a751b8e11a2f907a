import JSZip from "jszip";
import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import { GlossError } from "../error/index.ts";
import { cleanMeta, paragraphsOf, toDate } from "./blocks.ts";
import { parseNumbering, writeNumbering } from "./docx-numbering.ts";
import type { RawExtract } from "./extract.ts";
import { pickTitle } from "./metadata.ts";

/** Title, creator and dates of a Word file, from its `docProps/core.xml` (Dublin Core). */
async function coreProperties(zip: JSZip) {
  const xml = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
  return {
    title: cleanMeta(field(xml, "dc:title")),
    author: cleanMeta(field(xml, "dc:creator")),
  };
}

function field(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
  return match?.[1]
    ?.replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * The publication date a Word file states: the cover page's Publish Date (Insert › Cover Page,
 * stored in a customXml part). `dcterms:created` is when the file was made, never taken for it.
 */
async function publishDate(zip: JSZip): Promise<string | null> {
  for (const name of Object.keys(zip.files).filter((n) => /^customXml\/item\d+\.xml$/.test(n))) {
    const xml = (await zip.file(name)?.async("string")) ?? "";
    const date = toDate(field(xml, "PublishDate") ?? null);
    if (date) return date;
  }
  return null;
}

/**
 * Word with its list numbers written into the text (see docx-numbering.ts), so the converter's
 * lists read "1.", "a)", "•" as Word shows them.
 */
async function withNumberingAsText(zip: JSZip): Promise<Buffer | null> {
  const numberingXml = await zip.file("word/numbering.xml")?.async("string");
  const documentXml = await zip.file("word/document.xml")?.async("string");
  if (!numberingXml || !documentXml) return null;
  zip.file("word/document.xml", writeNumbering(documentXml, parseNumbering(numberingXml)));
  return zip.generateAsync({ type: "nodebuffer" });
}

/**
 * Footnotes and endnotes as the converter writes them (a list at the end, each with a "↑"
 * back-link) become "[N] text" paragraphs without the arrow; their marks in the text read
 * "[N]" already.
 */
function numberNotes(document: Document): void {
  for (const item of Array.from(
    document.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]'),
  )) {
    const number = /-(\d+)$/.exec(item.getAttribute("id") ?? "")?.[1];
    for (const back of Array.from(
      item.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]'),
    )) {
      back.remove();
    }
    const note = document.createElement("p");
    note.textContent = `[${number}] ${(item.textContent ?? "").replace(/\s+/g, " ").trim()}`;
    const list = item.parentElement;
    list?.parentNode?.insertBefore(note, list);
    item.remove();
    if (list && list.children.length === 0) list.remove();
  }
}

/**
 * The text of a Word (.docx) file: mammoth turns it into semantic HTML (headings, paragraphs,
 * lists, tables), which becomes paragraphs like any HTML: list numbers kept as text, table rows
 * as one line each, footnotes numbered. Tracked deletions and comments are not part of the text.
 */
export async function extractDocx(bytes: Uint8Array): Promise<RawExtract> {
  let zip: JSZip;
  let html: string;
  try {
    zip = await JSZip.loadAsync(bytes);
    const numbered = await withNumberingAsText(zip);
    html = (await mammoth.convertToHtml({ buffer: numbered ?? Buffer.from(bytes) })).value;
  } catch (error) {
    // A zip's directory is at its end: a file cut short has none.
    if (/end of (central directory|data)|corrupted zip|unexpected end/i.test(String(error))) {
      throw new GlossError(
        "invalid",
        "document.truncated",
        "the Word file is incomplete (cut off before its end); upload the whole file again",
      );
    }
    throw new GlossError(
      "invalid",
      "document.corrupt_file",
      `the Word file could not be read (${error instanceof Error ? error.message : "damaged"})`,
    );
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  numberNotes(document);
  const properties = await coreProperties(zip);
  const heading = document.querySelector("h1, h2, h3")?.textContent ?? null;
  return {
    text: paragraphsOf(document.body).join("\n\n"),
    title: pickTitle(properties.title, heading),
    author: properties.author,
    publishedAt: await publishDate(zip),
    pages: null,
  };
}
