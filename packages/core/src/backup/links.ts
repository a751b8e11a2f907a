import { invalid } from "./invalid.ts";
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
