/**
 * Canonical text at most 5 M UTF-16 units (~10 MB in memory): a 1,000-page report is ~3 M.
 * Kept below Lambda's 6 MB synchronous payload so a pasted text always fits one request.
 */
export const MAX_TEXT_LENGTH = 5_000_000;

/** Upload formats the API accepts directly, by extension, with their stored content type. */
export const TEXT_FORMATS: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".text": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".markdown": "text/markdown; charset=utf-8",
};
