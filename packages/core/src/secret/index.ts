import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A bearer secret: a readable prefix (`gls_`, `inv_`, `shr_`) and 32 random bytes (256 bits) in
 * base64url. Shown to its owner once; only `hashSecret` of it is ever stored.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 hex of a secret: what the table stores and looks secrets up by. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time string equality, for comparing secrets or their hashes. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
