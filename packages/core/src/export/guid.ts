import { createHash } from "node:crypto";

/** Namespace of Gloss's name-based GUIDs (a fixed random UUID, so GUIDs never collide with others). */
const NAMESPACE = Buffer.from("6f1c7c1e8d3b4b7a9a4e2f5d0c8b1a37", "hex");

/**
 * A deterministic GUID for a Gloss object (RFC 9562 UUID version 5: SHA-1 of a namespace and a
 * name), so exporting the same workspace twice gives the same GUIDs and a QDA program re-importing
 * a project recognises its codes and sources.
 */
export function guidFor(kind: string, id: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(`${kind}:${id}`, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
