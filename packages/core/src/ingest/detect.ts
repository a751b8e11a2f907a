import { GlossError } from "../error/index.ts";
import { decodeText, isUtf16 } from "./encoding.ts";

/** Source formats Gloss extracts text from. */
export type Format = "pdf" | "docx" | "html" | "markdown" | "text";

/** Stored content type of each format's original file. */
export const CONTENT_TYPES: Record<Format, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  text: "text/plain; charset=utf-8",
};

/** File extensions and the format each names. */
export const EXTENSIONS: Record<string, Format> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".text": "text",
};

/** The extension of a file name, lower case with its dot; "" when it has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot).toLowerCase();
}

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/** PDF readers accept the `%PDF-` header anywhere in the first 1024 bytes (ISO 32000 note). */
const isPdf = (bytes: Uint8Array) => ascii(bytes, 0, 1024).includes("%PDF-");

const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * A Word document is a zip whose directory names `word/document.xml`. Entry names are stored
 * uncompressed in the local headers and the central directory, so a byte search finds them.
 */
function isDocx(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  const needle = new TextEncoder().encode("word/document.xml");
  outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * HTML by content, after the WHATWG MIME sniffing rules: after leading whitespace (and a BOM),
 * the text opens with one of the tags that only HTML starts with, followed by a space or `>`.
 */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = decodeText(bytes.subarray(0, 1024))
    .text.replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return /^<(!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--|article|main|section)[\s>]/.test(
    head,
  );
}

/** OLE2 compound files: Word 97–2003 .doc (and .xls, .ppt, .msg) start with D0 CF 11 E0 A1 B1 1A E1. */
const isOle2 = (bytes: Uint8Array) =>
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b);

/**
 * True when the first 8 KB hold a NUL byte: binary, as `file(1)` and git decide. UTF-16 text
 * (with its byte-order mark) is full of NUL bytes and is text.
 */
const isBinary = (bytes: Uint8Array) => !isUtf16(bytes) && bytes.subarray(0, 8192).includes(0);

/**
 * The format of an uploaded file, decided by its content first and its name second: a PDF or
 * Word file is recognised whatever it is called, a file named `.pdf` or `.docx` whose content is
 * something else is refused (a mislabelled or damaged file), and text is taken as HTML by content
 * or name, and as Markdown or plain text by name.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): Format {
  const extension = extensionOf(fileName);
  const named = EXTENSIONS[extension];
  if (isPdf(bytes)) return "pdf";
  if (isDocx(bytes)) return "docx";
  if (isOle2(bytes)) {
    throw new GlossError(
      "unsupported",
      "document.legacy_office_file",
      `"${fileName}" is an old Office file (Word 97–2003 .doc or similar); save it as .docx or PDF and upload again`,
    );
  }
  if (named === "pdf" || named === "docx") {
    throw new GlossError(
      "unsupported",
      "document.content_mismatch",
      `"${fileName}" is named ${extension} but its content is not a ${named === "pdf" ? "PDF" : "Word (.docx) document"}`,
    );
  }
  if (named && isBinary(bytes)) {
    throw new GlossError(
      "unsupported",
      "document.binary_content",
      `"${fileName}" contains binary data, not text`,
    );
  }
  if (isZip(bytes) || isBinary(bytes)) {
    throw new GlossError(
      "unsupported",
      "document.unsupported_type",
      `"${fileName}" is not a supported file type; upload a PDF, Word (.docx), HTML, Markdown or text file`,
    );
  }
  if (named === "html" || looksLikeHtml(bytes)) return "html";
  if (named === "markdown") return "markdown";
  // Text without a telling name is refused rather than guessed: it may be anything (a CSV, code).
  if (named === "text") return "text";
  throw new GlossError(
    "unsupported",
    "document.unsupported_type",
    `"${fileName}" is not a supported file type; upload a PDF, Word (.docx), HTML, Markdown or text file`,
  );
}

/**
 * Whether a file name (and declared content type) may be uploaded, before its content exists:
 * the pre-check of the direct-to-S3 upload path. The content is checked again at ingest.
 */
export function checkUploadName(fileName: string, contentType?: string): void {
  const extension = extensionOf(fileName);
  if (EXTENSIONS[extension]) return;
  const declared = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (Object.values(CONTENT_TYPES).some((type) => type.startsWith(declared) && declared !== "")) {
    return;
  }
  throw new GlossError(
    "unsupported",
    "document.unsupported_type",
    `"${fileName}" is not a supported file type; upload a PDF, Word (.docx), HTML, Markdown or text file`,
  );
}
