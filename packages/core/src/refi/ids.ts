import { createHash } from "node:crypto";
import { CROCKFORD as ALPHABET, base32 } from "../id/base32.ts";
import type { IdPrefix } from "../id/index.ts";

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
  let time = "";
  let t = startedAtMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const digest = createHash("sha256").update(`${workspaceId}\n${fileSha256}\n${key}`).digest();
  return `${prefix}_${time}${base32(digest.subarray(0, 10))}`;
}
