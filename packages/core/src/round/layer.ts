import type * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import type { PassageLayer } from "../findings/index.ts";
import type { BlindRule } from "./blind.ts";
import { listWorkspaceConsensus } from "./consensus.ts";
import type { ConsensusPassage } from "./consensus-schema.ts";

/**
 * The workspace's consensus layer for findings and exports (`?layer=consensus`): every round's
 * consensus passages the caller may see, each in place of the coders' passages it resolves;
 * everything no consensus resolves stays as coded. One Query of the workspace's consensus items
 * (Query `WS#<id>`, `CONSENSUS#`) and a GetItem per document they are on.
 *
 * A consensus passage hidden by the caller's blind rule neither shows nor replaces anything, so
 * a coder never learns of it through their own passages disappearing. A consensus passage on a
 * text version its document no longer serves reads as orphaned: a new version re-anchors it
 * (`reanchorConsensus`), and one whose words it lost, or not yet moved, stays on the older one.
 */
export async function consensusLayer(
  ctx: Context,
  workspaceId: string,
  rule?: BlindRule,
): Promise<PassageLayer> {
  const visible = (await listWorkspaceConsensus(ctx, workspaceId)).filter(
    (p) => !rule || rule.visible(p),
  );
  const documents = new Map(
    await Promise.all(
      [...new Set(visible.map((p) => p.documentId))].map(
        async (id) => [id, await Document.get(ctx, workspaceId, id).catch(absentAsNull)] as const,
      ),
    ),
  );
  const byDocument = new Map<string, Annotation.Annotation[]>();
  const resolved = new Set<string>();
  for (const p of visible) {
    const document = documents.get(p.documentId);
    if (!document) continue;
    for (const id of p.resolvedFrom) resolved.add(id);
    const list = byDocument.get(p.documentId) ?? [];
    list.push(asAnnotation(p, document.textVersion));
    byDocument.set(p.documentId, list);
  }
  for (const list of byDocument.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
  }
  return {
    layer: "consensus",
    keeps: (annotationId) => !resolved.has(annotationId),
    passagesOf: (documentId) =>
      documentId === undefined
        ? [...byDocument.values()].flat()
        : [...(byDocument.get(documentId) ?? [])],
  };
}

/** A deleted document's consensus passages are left out; any other failure is an error. */
function absentAsNull(error: unknown): null {
  if (error instanceof GlossError && error.kind === "not_found") return null;
  throw error;
}

/** A consensus passage as the annotation every export writer reads (its id stays `cns_…`). */
function asAnnotation(p: ConsensusPassage, servedVersion: number): Annotation.Annotation {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    documentId: p.documentId,
    start: p.start,
    end: p.end,
    exact: p.exact,
    prefix: p.prefix,
    suffix: p.suffix,
    tags: p.tags,
    note: p.note,
    status: p.textVersion === servedVersion ? "anchored" : "orphaned",
    textVersion: p.textVersion,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    version: p.version,
  };
}
