import { createHash } from "node:crypto";
import { base32, type IdPrefix, newId } from "../id/index.ts";

/**
 * The id of an object an import creates: the import's start time (so ids sort as usual) and 80
 * bits of SHA-256 of (workspace, file digest, REFI GUID). A repeated or resumed import of the same
 * file computes the same ids, and the creates, which return an existing object of that id, write
 * nothing twice.
 */
export function importedId(
  prefix: IdPrefix,
  startedAtMs: number,
  workspaceId: string,
  fileSha256: string,
  key: string,
): string {
  // `newId`'s prefix and time part at the import's start; the digest replaces its random part.
  const time = newId(prefix, startedAtMs).slice(0, prefix.length + 11);
  const digest = createHash("sha256").update(`${workspaceId}\n${fileSha256}\n${key}`).digest();
  return `${time}${base32(digest.subarray(0, 10))}`;
}
