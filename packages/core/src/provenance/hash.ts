import { createHash } from "node:crypto";

/**
 * The SHA-256 (lower-case hex) of exactly the bytes stored: a string is hashed as UTF-8, which is
 * how the S3 client writes a string body, so the hash equals `sha256sum` of the stored object.
 */
export function sha256Hex(body: string | Uint8Array): string {
  return createHash("sha256")
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("hex");
}
