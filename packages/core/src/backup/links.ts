import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { keys } from "../db/keys.ts";
import { invalid } from "./invalid.ts";
import type { Plan } from "./plan.ts";
import type { BackupAnnotation, BackupLink } from "./schema.ts";

/** Refuses a link whose ends are not two different annotations of the backup. */
export function checkLinks(links: BackupLink[], annotations: BackupAnnotation[]): void {
  const annotationIds = new Set(annotations.map((a) => a.id));
  for (const l of links) {
    if (!annotationIds.has(l.fromId) || !annotationIds.has(l.toId) || l.fromId === l.toId) {
      throw invalid("reference", `link ${l.id}: its ends are not two annotations of the backup`);
    }
  }
}

/**
 * The backup's links between the restored annotations, each end's document looked up. Not
 * `Link.toItem`: it stamps a `version`, which a backup does not carry and restored links have
 * never had; the item is otherwise the same.
 */
export async function restoreLinks(
  ctx: Context,
  workspaceId: string,
  links: BackupLink[],
  annotations: BackupAnnotation[],
  plan: Pick<Plan, "annotationIds" | "documentIds" | "linkIds">,
): Promise<void> {
  const annotationDocument = new Map(
    annotations.map((a) => [a.id, plan.documentIds.get(a.documentId)!]),
  );
  await batchWrite(
    ctx,
    links.map((l) => {
      const stored = {
        id: plan.linkIds.get(l.id)!,
        fromId: plan.annotationIds.get(l.fromId)!,
        toId: plan.annotationIds.get(l.toId)!,
        fromDocumentId: annotationDocument.get(l.fromId)!,
        toDocumentId: annotationDocument.get(l.toId)!,
        relation: l.relation,
        note: l.note,
        createdBy: l.createdBy,
        createdAt: l.createdAt,
      };
      return {
        PutRequest: {
          Item: {
            ...keys.link(workspaceId, stored.id),
            ...keys.linkIndex(stored),
            type: "link",
            workspaceId,
            ...stored,
          },
        },
      };
    }),
  );
}
