import * as Document from "../document/index.ts";
import { isCanonical } from "../text/index.ts";
import { invalid } from "./invalid.ts";
import type { BackupDocument } from "./schema.ts";

/**
 * A backup is client input like any other: a `javascript:` or `data:` source link would become a
 * live link in the reader, so only what the API itself accepts (http and https) is restored.
 */
function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Refuses a backed-up document whose source link the API would not have accepted. */
export function checkSources(documents: BackupDocument[]): void {
  for (const document of documents) {
    if (document.sourceUrl !== null && !isWebUrl(document.sourceUrl)) {
      throw invalid(
        "source_url_invalid",
        `document ${document.id}: sourceUrl must be an http(s) URL, as the API requires`,
      );
    }
  }
}

/**
 * Checks every document's versions as the API would have stored them: numbered 1 to the current
 * one, each text canonical and within the size limit, page starts in order, an original file
 * whose bytes are the size recorded. Returns the documents by their id in the backup, the texts
 * that annotations and consensus passages are then checked against.
 */
export function checkTexts(documents: BackupDocument[]): Map<string, BackupDocument> {
  const { maxTextLength } = Document.limits();
  const texts = new Map<string, BackupDocument>();
  for (const d of documents) {
    if (d.versions.length !== d.textVersion || d.versions.some((v, i) => v.version !== i + 1)) {
      throw invalid(
        "versions",
        `document ${d.id}: versions must be 1 to ${d.textVersion}, in order`,
      );
    }
    for (const v of d.versions) {
      if (v.text.length > maxTextLength || !isCanonical(v.text)) {
        throw invalid("text", `document ${d.id} version ${v.version}: the text is not canonical`);
      }
      const starts = v.pageStarts ?? [];
      if (starts.some((s, i) => s > v.text.length || (i > 0 && s < starts[i - 1]!))) {
        throw invalid("pages", `document ${d.id} version ${v.version}: page starts out of order`);
      }
      const base64 = v.original?.base64;
      if (
        base64 != null &&
        (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) ||
          Buffer.from(base64, "base64").length !== v.original!.size)
      ) {
        throw invalid(
          "original",
          `document ${d.id} version ${v.version}: the original file is damaged`,
        );
      }
    }
    texts.set(d.id, d);
  }
  return texts;
}
