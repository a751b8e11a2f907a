import { z } from "zod";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { invalid } from "./invalid.ts";
import type { Plan } from "./plan.ts";
import type { BackupAnnotation, BackupDocument } from "./schema.ts";

/**
 * An annotation item as a backup reads it. A backup keeps what the API shape leaves out (`reanchor`,
 * the placement a version change computed beside, `nextAnchor`), so it reads the stored item; the
 * placement itself comes from `Annotation.shownPlacement`, the rules readers use. Loose types, no
 * length limits: a backup copies what is stored, and a restore is where a backup is judged.
 */
const StoredPlacement = z.object({
  start: z.number(),
  end: z.number(),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  textVersion: z.number(),
  status: z.enum(["anchored", "orphaned"]),
});

const StoredReanchor = z.object({
  target: z.number(),
  from: StoredPlacement,
  method: z.string().nullable(),
  score: z.number().nullable(),
});

const StoredAnnotation = z.object({
  id: z.string(),
  documentId: z.string(),
  tags: z.array(z.string()).default([]),
  note: z.string().default(""),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  reanchor: StoredReanchor.nullable().default(null),
  nextAnchor: z.object({ target: z.number(), reanchor: StoredReanchor }).optional(),
  importedCreator: Annotation.ImportedCreator.optional(),
});

/** The document a stored annotation item is on, or null for an item that is not one. */
export function documentOf(item: Record<string, unknown>): string | null {
  return typeof item.documentId === "string" ? item.documentId : null;
}

/**
 * An annotation as backed up: placed on the version its document serves, by the same rules
 * readers use (`Annotation.shownPlacement`), so a version change interrupted at any point is
 * backed up as it is shown, never where an unfinished change would have put it. The re-anchoring
 * record kept is the one that led to that version.
 */
export function toBackupAnnotation(
  item: Record<string, unknown>,
  served: Annotation.Served,
): BackupAnnotation {
  const stored = StoredAnnotation.parse(item);
  const placement = Annotation.shownPlacement(item, served);
  // Fields in the order backups have always had them, so a backup's text stays comparable.
  return {
    id: stored.id,
    documentId: stored.documentId,
    start: placement.start,
    end: placement.end,
    exact: placement.exact,
    prefix: placement.prefix,
    suffix: placement.suffix,
    tags: stored.tags,
    note: stored.note,
    status: placement.status,
    textVersion: placement.textVersion,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    version: stored.version,
    reanchor:
      Annotation.anchorsForOf(item) === served.version
        ? stored.reanchor
        : stored.nextAnchor?.target === served.version
          ? stored.nextAnchor.reanchor
          : null,
    ...(stored.importedCreator ? { importedCreator: stored.importedCreator } : {}),
  };
}

/**
 * Checks every annotation as the API would have made it: on a version of a document of the
 * backup, its quote that version's text at its offsets, its codes distinct and in the codebook.
 */
export function checkAnnotations(
  annotations: BackupAnnotation[],
  texts: Map<string, BackupDocument>,
  codes: Set<string>,
): void {
  for (const a of annotations) {
    const document = texts.get(a.documentId);
    if (!document) throw invalid("reference", `annotation ${a.id}: no document ${a.documentId}`);
    const version = document.versions[a.textVersion - 1];
    if (!version) {
      throw invalid("reference", `annotation ${a.id}: not placed on a version of its document`);
    }
    if (
      a.start >= a.end ||
      a.end > version.text.length ||
      version.text.slice(a.start, a.end) !== a.exact
    ) {
      throw invalid(
        "quote_mismatch",
        `annotation ${a.id}: its quote differs from the text at its offsets`,
      );
    }
    const unknown = a.tags.filter((t) => !codes.has(t));
    if (unknown.length > 0 || new Set(a.tags).size !== a.tags.length) {
      throw invalid(
        "unknown_tag",
        `annotation ${a.id}: codes not in the backup's codebook: ${unknown.join(", ")}`,
      );
    }
  }
}

/**
 * The backup's annotations under their restored ids and documents, through the annotation
 * module's item, with the re-anchoring record a backup keeps beside it.
 */
export async function restoreAnnotations(
  ctx: Context,
  workspaceId: string,
  annotations: BackupAnnotation[],
  plan: Pick<Plan, "annotationIds" | "documentIds">,
): Promise<void> {
  await batchWrite(
    ctx,
    annotations.map((a) => {
      const { reanchor, importedCreator, ...fields } = a;
      const annotation: Annotation.Annotation = {
        ...fields,
        id: plan.annotationIds.get(a.id)!,
        workspaceId,
        documentId: plan.documentIds.get(a.documentId)!,
        ...(importedCreator ? { importedCreator } : {}),
      };
      return {
        PutRequest: {
          Item: {
            ...Annotation.annotationItem(annotation),
            // The version its placement is for, as `Annotation.anchorsForOf` derives it for an
            // item moved last by `reanchor`; the record itself is kept for later backups.
            anchorsFor: reanchor?.target ?? a.textVersion,
            ...(reanchor ? { reanchor } : {}),
          },
        },
      };
    }),
  );
}
