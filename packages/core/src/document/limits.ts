/**
 * Canonical text at most 5 M UTF-16 units (~10 MB in memory): a 1,000-page report is ~3 M.
 * This does NOT make every such text fit one request: Lambda takes at most 6 MB (6,291,456
 * bytes) of request payload, and as UTF-8 a UTF-16 unit is 1 byte (ASCII), 2 (Latin accents,
 * Greek, Cyrillic, Arabic, Hebrew), 3 (CJK, Thai, Devanagari and the rest of the BMP) or 2 per
 * unit of an astral pair; in a JSON string a control character escapes to 6 (`\u0001`). So a
 * pasted text is certain to fit only up to ~2.09 M units (6,291,456 / 3, less the JSON envelope),
 * or ~1.04 M if it were all control characters (which canonical text is not); Arabic or Cyrillic
 * reach the payload limit near 3.1 M, ASCII near 6.2 M. Larger texts come as a file upload, which
 * goes straight to S3 (presigned PUT) and is bounded by the upload limit, not by Lambda's payload.
 */
export const MAX_TEXT_LENGTH = 5_000_000;

/** Uploaded files at most 50 MB by default: a long, image-heavy PDF report. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number of bytes or characters, not "${raw}"`);
  }
  return value;
}

/**
 * The size limits in force: `GLOSS_MAX_UPLOAD_BYTES` (default 50 MB) and `GLOSS_MAX_TEXT_LENGTH`
 * (default and ceiling 5 M UTF-16 units), set on the functions by infra and read at call time.
 */
export function limits(): { maxUploadBytes: number; maxTextLength: number } {
  return {
    maxUploadBytes: positiveInteger("GLOSS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
    maxTextLength: Math.min(
      positiveInteger("GLOSS_MAX_TEXT_LENGTH", MAX_TEXT_LENGTH),
      MAX_TEXT_LENGTH,
    ),
  };
}
