import JSZip from "jszip";
import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import { GlossError } from "../error/index.ts";
import { cleanMeta, type DomNode, paragraphsOf, toDate } from "./blocks.ts";
import type { RawExtract } from "./extract.ts";

/** Title, creator and dates of a Word file, from its `docProps/core.xml` (Dublin Core). */
async function coreProperties(zip: JSZip) {
  const xml = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
  const field = (name: string) => {
    const match = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
    return match?.[1]
      ?.replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  };
  return {
    title: cleanMeta(field("dc:title")),
    author: cleanMeta(field("dc:creator")),
    publishedAt: toDate(field("dcterms:created")),
  };
}

/**
 * The text of a Word (.docx) file: mammoth turns it into semantic HTML (headings, paragraphs,
 * lists, tables), which becomes paragraphs like any HTML. Tracked deletions and comments are not
 * part of the text.
 */
export async function extractDocx(bytes: Uint8Array): Promise<RawExtract> {
  let zip: JSZip;
  let html: string;
  try {
    zip = await JSZip.loadAsync(bytes);
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new GlossError(
      "invalid",
      "document.corrupt_file",
      `the Word file could not be read (${error instanceof Error ? error.message : "damaged"})`,
    );
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const properties = await coreProperties(zip);
  return {
    text: paragraphsOf(document.body as unknown as DomNode).join("\n\n"),
    ...properties,
    pages: null,
  };
}
