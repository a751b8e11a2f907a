import { z } from "zod";
import * as Annotation from "../annotation/index.ts";
import type { BackupAnnotation } from "./schema.ts";

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
