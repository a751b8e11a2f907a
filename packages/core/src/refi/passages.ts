import * as Bulk from "../annotation/bulk.ts";
import type { Annotation, ImportedCreator } from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { contextOf } from "../text/index.ts";

/** A passage an import writes: already placed, checked against the text and within limits. */
export interface ImportedPassage {
  id: string;
  start: number;
  end: number;
  tags: string[];
  note: string;
  createdBy: string;
  /** The project's User who made it (attribution; `createdBy` stays who owns it). */
  importedCreator?: ImportedCreator | undefined;
}

/**
 * Writes an imported document's passages through the bulk write (`annotation/bulk.ts`): 25 to a
 * request with their "create" history entries, instead of one annotation create after another (a
 * create costs a document read, a codebook query, two puts and a counter update, which made a
 * 300-passage source take 34 s). The checks a create makes are made before: each quote is cut from
 * the stored text, codes come from the codebook the import has just written, lengths and counts
 * are within Gloss's limits. Ids are derived from the import (`cause`), so a resumed import finds
 * what it wrote, completes what it had only recorded, and counts each passage once.
 */
export async function writePassages(
  ctx: Context,
  workspaceId: string,
  document: { id: string; textVersion: number },
  text: string,
  passages: ImportedPassage[],
  cause: string,
): Promise<Bulk.CreateOutcome[]> {
  const now = ctx.now().toISOString();
  const annotations: Annotation[] = passages.map((p) => ({
    id: p.id,
    workspaceId,
    documentId: document.id,
    start: p.start,
    end: p.end,
    exact: text.slice(p.start, p.end),
    ...contextOf(text, p.start, p.end),
    tags: p.tags,
    note: p.note,
    status: "anchored",
    textVersion: document.textVersion,
    createdBy: p.createdBy,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...(p.importedCreator ? { importedCreator: p.importedCreator } : {}),
  }));
  return Bulk.createMany(ctx, workspaceId, annotations.map(Bulk.annotationItem), { cause });
}
