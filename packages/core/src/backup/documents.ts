import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import * as Document from "../document/index.ts";
import * as Storage from "../storage/index.ts";
import { isCanonical, rulesOfText } from "../text/index.ts";
import { detectLanguage } from "../text/language.ts";
import { invalid } from "./invalid.ts";
import type { Plan } from "./plan.ts";
import type { BackupAnnotation, BackupDocument } from "./schema.ts";

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

/** Texts (then pages and originals) of every version, under the document's new id. */
export async function restoreObjects(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  document: BackupDocument,
): Promise<void> {
  for (const v of document.versions) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.text(workspaceId, documentId, v.version),
      v.text,
      "text/plain; charset=utf-8",
      // A backup's text was made by some version of the rules; the newest it is canonical under
      // is recorded (where several fit, they agree on this text).
      { [Document.TEXT_RULES_METADATA]: String(rulesOfText(v.text) ?? 1) },
    );
    if (v.pageStarts && v.pageStarts.length > 0) {
      await Storage.putObject(
        ctx,
        Storage.objectKeys.pages(workspaceId, documentId, v.version),
        JSON.stringify(v.pageStarts),
        "application/json",
      );
    }
    if (v.original?.base64 != null) {
      await Storage.putObject(
        ctx,
        Storage.objectKeys.original(workspaceId, documentId, v.version, v.original.fileName),
        Buffer.from(v.original.base64, "base64"),
        v.original.contentType,
      );
    }
  }
}

/** What a document's item counts of its annotations: all of them, and those of each code. */
interface AnnotationCount {
  total: number;
  tags: Record<string, number>;
}

/** The annotation counts of each document, by its id in the backup. */
function countsOf(annotations: BackupAnnotation[]): Map<string, AnnotationCount> {
  const counts = new Map<string, AnnotationCount>();
  for (const a of annotations) {
    const count = counts.get(a.documentId) ?? { total: 0, tags: {} };
    count.total++;
    for (const tag of a.tags) count.tags[tag] = (count.tags[tag] ?? 0) + 1;
    counts.set(a.documentId, count);
  }
  return counts;
}

/**
 * The document items, through the document module's item, under their restored ids: ready, on
 * their current version, counting the backup's annotations, with their checked attribute values.
 * Written last, so a document is listed only once its texts, annotations and links exist.
 */
export async function restoreDocuments(
  ctx: Context,
  workspaceId: string,
  documents: BackupDocument[],
  annotations: BackupAnnotation[],
  plan: Pick<Plan, "documentIds" | "attributes">,
): Promise<void> {
  const counts = countsOf(annotations);
  await batchWrite(
    ctx,
    documents.map((d) => {
      const id = plan.documentIds.get(d.id)!;
      const current = d.versions[d.versions.length - 1]!;
      const count = counts.get(d.id) ?? { total: 0, tags: {} };
      return {
        PutRequest: {
          Item: Document.toItem({
            id,
            workspaceId,
            title: d.title,
            sourceUrl: d.sourceUrl,
            publishedAt: d.publishedAt,
            author: d.author,
            status: "ready",
            textLength: current.text.length,
            textVersion: d.textVersion,
            pageCount: current.pageStarts?.length,
            // A person's correction is kept; a detected language is detected again, by this
            // server's rules, from the text restored.
            ...(d.languageSource === "edited"
              ? { language: d.language ?? null, languageSource: "edited" as const }
              : { language: detectLanguage(current.text) ?? null }),
            textKey: Storage.objectKeys.text(workspaceId, id, d.textVersion),
            originalKey: current.original?.base64
              ? Storage.objectKeys.original(
                  workspaceId,
                  id,
                  d.textVersion,
                  current.original.fileName,
                )
              : undefined,
            fileName: d.fileName,
            contentType: d.contentType,
            createdBy: d.createdBy,
            createdAt: d.createdAt,
            updatedAt: d.updatedAt,
            version: d.version,
            annotationCount: count.total,
            tagCounts: count.tags,
            attributes: plan.attributes.get(d.id),
          }),
        },
      };
    }),
  );
}
