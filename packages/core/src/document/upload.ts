import { GlossError } from "../error/index.ts";
import { TEXT_FORMATS } from "./limits.ts";

export interface DecodedUpload {
  text: string;
  contentType: string;
  /** A title found in the file itself (a Markdown heading), when any. */
  title: string | null;
}

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf(".");
  return dot === -1 ? "" : fileName.slice(dot).toLowerCase();
};

/**
 * Turns an uploaded file into text. Accepts UTF-8 text and Markdown; anything that is binary by
 * content (a NUL byte in the first 8 KB, as `file(1)` and git decide) is refused whatever its name.
 */
export function decodeUpload(bytes: Uint8Array, fileName: string): DecodedUpload {
  const contentType = TEXT_FORMATS[extensionOf(fileName)];
  if (!contentType) {
    throw new GlossError(
      "unsupported",
      "document.unsupported_type",
      `"${fileName}" is not a supported file type; upload .txt or .md (UTF-8)`,
    );
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new GlossError(
      "unsupported",
      "document.binary_content",
      `"${fileName}" contains binary data, not text`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new GlossError(
      "unsupported",
      "document.unsupported_encoding",
      `"${fileName}" is not valid UTF-8 text; save it as UTF-8 and upload again`,
    );
  }
  const heading = contentType.startsWith("text/markdown")
    ? /^#\s+(.+?)\s*#*\s*$/m.exec(text)
    : null;
  return { text, contentType, title: heading?.[1]?.trim() || null };
}

/** "Interview 3 (Bangkok).txt" → "Interview 3 (Bangkok)". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).trim() || "Untitled";
}
