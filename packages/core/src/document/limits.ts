/**
 * Canonical text at most 5 M UTF-16 units (~10 MB in memory): a 1,000-page report is ~3 M.
 * Kept below Lambda's 6 MB synchronous payload so a pasted text always fits one request.
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
