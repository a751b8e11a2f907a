import type { Context } from "../context/index.ts";
import { isGlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";
import type { Folded } from "./fold.ts";

/**
 * The prepared (folded) text of a document version, stored beside its canonical text in S3 so a
 * cold search reads it instead of folding again (folding, not reading, dominates a cold search).
 * A version's text never changes, so its prepared text never does either: the object is written
 * whole, with content derived only from the text, which makes a rewrite harmless (idempotent, no
 * transaction needed). It sits under the document's prefix, so deleting the document removes it.
 * The format name carries a version: a change to the folding rules must bump it, which makes old
 * objects unread (and rewritten) rather than wrong.
 *
 * Layout: "GLSF1\n", uint32 LE folded length n, then n UTF-16 LE units, then n+1 int32 LE origins.
 */
const MAGIC = "GLSF1\n";
export const PREPARED_NAME = "search-folded-v1.bin";

export function preparedKey(workspaceId: string, documentId: string, version: number): string {
  return Storage.objectKeys
    .text(workspaceId, documentId, version)
    .replace(/text\.txt$/, PREPARED_NAME);
}

/** The bytes of a case-insensitive folding. */
export function encodePrepared(folded: Folded): Uint8Array {
  const n = folded.text.length;
  const bytes = new Uint8Array(MAGIC.length + 4 + n * 2 + (n + 1) * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  let at = MAGIC.length;
  view.setUint32(at, n, true);
  at += 4;
  // Typed-array copies are the platform's byte order: little-endian on every Lambda and Node
  // target (x86-64, arm64), which the layout assumes.
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) units[i] = folded.text.charCodeAt(i);
  bytes.set(new Uint8Array(units.buffer), at);
  at += n * 2;
  bytes.set(new Uint8Array(folded.origin.buffer, folded.origin.byteOffset, (n + 1) * 4), at);
  return bytes;
}

/** The folding a stored object holds; null when it is not one (another format, truncated). */
export function decodePrepared(bytes: Uint8Array, canonicalLength: number): Folded | null {
  if (bytes.length < MAGIC.length + 4) return null;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(MAGIC.length, true);
  const textStart = MAGIC.length + 4;
  const originStart = textStart + n * 2;
  if (bytes.length !== originStart + (n + 1) * 4) return null;
  const decoder = new TextDecoder("utf-16le");
  const text = decoder.decode(bytes.subarray(textStart, originStart));
  if (text.length !== n) return null;
  // A copy, so the view is aligned whatever the offset of the bytes read.
  const origin = new Int32Array(bytes.slice(originStart).buffer);
  // The last origin is the canonical text's length: a stale or foreign object fails here.
  if (origin[n] !== canonicalLength) return null;
  return { text, origin };
}

/** A version's stored folding, or null when none is stored yet (or it is unreadable). */
export async function readPrepared(
  ctx: Context,
  key: string,
  canonicalLength: number,
): Promise<Folded | null> {
  try {
    return decodePrepared(await Storage.getBytes(ctx, key), canonicalLength);
  } catch (error) {
    if (isGlossError(error) && error.kind === "not_found") return null;
    throw error;
  }
}

/** Stores a version's folding (idempotent: the same text always gives the same bytes). */
export async function writePrepared(ctx: Context, key: string, folded: Folded): Promise<void> {
  await Storage.putObject(ctx, key, encodePrepared(folded), "application/octet-stream");
}
