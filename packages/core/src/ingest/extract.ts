import { checkText } from "../document/document.ts";
import { GlossError } from "../error/index.ts";
import { canonicalize } from "../text/index.ts";
import { CONTENT_TYPES, detectFormat, type Format } from "./detect.ts";
import { bomOf, decodeText, strictUtf8 } from "./encoding.ts";
import { markdownTitle, markdownToText } from "./markdown.ts";

/** What an extractor finds in a file, before canonicalisation. */
export interface RawExtract {
  text: string;
  title: string | null;
  author: string | null;
  publishedAt: string | null;
  /** Start offset of each page in `text` (PDF); `text` must then already be canonical. */
  pages: number[] | null;
}

/** The text of a source file in canonical form, with what the file says about itself. */
export interface Extracted {
  format: Format;
  contentType: string;
  text: string;
  title: string | null;
  author: string | null;
  publishedAt: string | null;
  pages: number[] | null;
}

/**
 * Text and Markdown files: UTF-8, or UTF-16 with its byte-order mark. A text file declares no
 * encoding, and a guess could turn it into plausible nonsense, so other encodings are refused
 * with the fix rather than guessed (HTML, which can declare its charset, falls back instead).
 * Markdown is read as text without its markup, titled by its first `#` heading.
 */
function extractPlain(bytes: Uint8Array, fileName: string, format: Format): RawExtract {
  const text = bomOf(bytes) || strictUtf8(bytes) !== null ? decodeText(bytes).text : null;
  if (text === null) {
    throw new GlossError(
      "unsupported",
      "document.unsupported_encoding",
      `"${fileName}" is not valid UTF-8 text; save it as UTF-8 and upload again`,
    );
  }

  return {
    text: format === "markdown" ? markdownToText(text) : text,
    title: format === "markdown" ? markdownTitle(text) : null,
    author: null,
    publishedAt: null,
    pages: null,
  };
}

/**
 * Extracts the canonical text of an uploaded file, whatever its format (detected by content).
 * The PDF, Word and HTML extractors are loaded on first use, so a process that never meets one
 * (most API requests) never loads pdf.js, mammoth or the DOM.
 */
export async function extract(bytes: Uint8Array, fileName: string): Promise<Extracted> {
  const format = detectFormat(bytes, fileName);
  let raw: RawExtract;
  switch (format) {
    case "pdf":
      raw = await (await import("./pdf.ts")).extractPdf(bytes);
      break;
    case "docx":
      raw = await (await import("./docx.ts")).extractDocx(bytes);
      break;
    case "html":
      raw = (await import("./html.ts")).extractHtml(bytes);
      break;
    default:
      raw = extractPlain(bytes, fileName, format);
  }
  const text = canonicalize(raw.text);
  if (raw.pages && text !== raw.text) {
    // Page offsets point into the extractor's text; they are only valid if it was canonical.
    throw new Error("extractor returned page offsets for non-canonical text");
  }
  checkText(text);
  return { format, contentType: CONTENT_TYPES[format], ...raw, text };
}
