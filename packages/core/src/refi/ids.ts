import { createHash } from "node:crypto";
import type { IdPrefix } from "../id/index.ts";

/** Crockford's base32, as ids use. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

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
