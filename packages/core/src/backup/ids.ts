import { createHash } from "node:crypto";
import { GlossError } from "../error/index.ts";
import { base32, type IdPrefix, idPattern } from "../id/index.ts";

/**
 * The id a backed-up object gets in the workspace it is restored into: the old id's time part
 * (so lists keep their order) and 80 bits of SHA-256 of (target workspace, old id) in place of the
 * random part. Ids are global (GSI keys use them), so a restore needs new ones; deriving them
 * makes a repeated restore write the very same items instead of duplicates.
 */
export function restoredId(prefix: IdPrefix, oldId: string, workspaceId: string): string {
  if (!idPattern(prefix).test(oldId)) {
    throw new GlossError(
      "invalid",
      "backup.invalid_id",
      `not a ${prefix} id: ${oldId.slice(0, 64)}`,
    );
  }
  const time = oldId.slice(prefix.length + 1, prefix.length + 11);
  const digest = createHash("sha256").update(`${workspaceId}\n${oldId}`).digest();
  const random = base32(digest.subarray(0, 10));
  return `${prefix}_${time}${random}`;
}

/** The restored id of each of a backup's things of one kind, by its id in the backup. */
export function restoredIds(
  prefix: IdPrefix,
  items: { id: string }[],
  workspaceId: string,
): Map<string, string> {
  return new Map(items.map(({ id }) => [id, restoredId(prefix, id, workspaceId)]));
}
