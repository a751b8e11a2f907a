import { createHash } from "node:crypto";
import { GlossError } from "../error/index.ts";
import { type IdPrefix, idPattern } from "../id/index.ts";

/** Crockford's base32, as ids use. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

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
  let random = "";
  // 10 bytes = 80 bits = 16 characters of 5 bits.
  let buffer = 0;
  let bits = 0;
  for (const byte of digest.subarray(0, 10)) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      random += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${prefix}_${time}${random}`;
}
