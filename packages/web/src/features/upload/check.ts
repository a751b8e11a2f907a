/** File extensions the API reads (packages/core/src/ingest/detect.ts), for the file picker too. */
export const ACCEPTED_EXTENSIONS = [
  ".pdf",
  ".docx",
  ".html",
  ".htm",
  ".xhtml",
  ".md",
  ".markdown",
  ".txt",
  ".text",
];

/** Content types the API takes for a file whose name has no telling extension. */
const ACCEPTED_TYPES = [
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "text/html",
  "text/markdown",
  "text/plain",
];

export const ACCEPT = [...ACCEPTED_EXTENSIONS, ...ACCEPTED_TYPES].join(",");

/**
 * The upload limit the API last reported (`upload.maxBytes`), so a later file that is obviously
 * too large is refused before anything is sent. Unknown until the first upload of the page: the
 * server answers 413 itself then.
 */
let knownMaxBytes: number | null = null;

export function rememberLimit(maxBytes: number): void {
  knownMaxBytes = maxBytes;
}

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/**
 * Why a file would certainly be refused (413 too large, 415 unsupported type, empty), in words,
 * or null when it may be sent. The content is checked again by the server once it arrives.
 */
export function refusal(file: File): string | null {
  const dot = file.name.lastIndexOf(".");
  const extension = dot > 0 ? file.name.slice(dot).toLowerCase() : "";
  const type = file.type.split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_EXTENSIONS.includes(extension) && !ACCEPTED_TYPES.includes(type)) {
    return `“${file.name}” is not a file type Gloss can read. Upload a PDF, Word (.docx), HTML, Markdown or text file.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (knownMaxBytes !== null && file.size > knownMaxBytes) {
    return `“${file.name}” is ${megabytes(file.size)}; the upload limit is ${megabytes(knownMaxBytes)}.`;
  }
  return null;
}
