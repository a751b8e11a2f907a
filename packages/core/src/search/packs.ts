import { createHash } from "node:crypto";
import type { Context } from "../context/index.ts";
import type { SearchListing } from "../document/index.ts";
import * as Storage from "../storage/index.ts";
import { decodeCompact, encodeCompact } from "./compact.ts";
import { PREPARED_NAME, type PreparedText } from "./prepared.ts";

/**
 * A search pack: the preparations (prepared.ts) of many documents' current versions in one S3
 * object, so that a cold search reads one object per ~64 documents instead of one per document
 * (measured on the embedded S3: 1,000 GETs of 110 KB took 4–5× as long as 16 GETs of the same
 * bytes, docs/search.md). Packs are made by the pack builder (pack-builder.ts) from the
 * per-version objects, which stay where they are: the search reads a document's pack when its
 * item points to one for its current version, and falls back to the per-version object otherwise.
 *
 * Immutable and content-addressed: a pack's name is the hash of its bytes, written once and never
 * changed, so a rebuild of the same documents writes the same object, two builders racing write
 * the same bytes or different objects, and a reader never sees a pack change under it. The name
 * also carries the pack layout and the preparation's rules (from `PREPARED_NAME`): when either
 * changes, packs of the old kind are neither read nor kept.
 *
 * Every entry names its document, version and canonical length, and a reader takes an entry only
 * for exactly the version it asked about; a truncated, foreign or stale pack, or an entry that
 * does not decode, is ignored, and the per-version object read instead: a pack saves reads, it
 * never decides a result.
 *
 * Layout: "GLSK1\n", uint32 (little-endian) byte count j of the index, j bytes of the index as
 * JSON (`[[documentId, version, canonicalLength, offset, byteCount], …]`, offsets from the end of
 * the index), then each entry's compact preparation (compact.ts).
 */
const MAGIC = "GLSK1\n";
const HEADER = MAGIC.length + 4;
const PACK_FORMAT = `pack1-${PREPARED_NAME.replace(/^search-prepared-|\.bin$/g, "")}`;
const NAME = new RegExp(`^${PACK_FORMAT}-[0-9a-f]{32}\\.bin$`);

/** A document version a pack holds (or a reader asks for). */
export interface PackMember {
  id: string;
  version: number;
  /** The canonical text's length, which the entry must match. */
  length: number;
}

/** The key of a pack of a workspace. */
export function packKey(workspaceId: string, name: string): string {
  return `${Storage.objectKeys.searchPacks(workspaceId)}${name}`;
}

/**
 * The name of a pack key of this workspace in the current format, or null: a key of another
 * workspace or of an older format is no pack this code reads.
 */
export function packNameOf(workspaceId: string, key: string): string | null {
  const prefix = Storage.objectKeys.searchPacks(workspaceId);
  if (!key.startsWith(prefix)) return null;
  const name = key.slice(prefix.length);
  return NAME.test(name) ? name : null;
}

/**
 * The name of the pack a listed document's item points to for its current version, or null: a
 * pointer left from an earlier version, or to a key that is no pack of this workspace, is none.
 */
export function currentPackName({ document, searchPack }: SearchListing): string | null {
  return searchPack?.version === document.textVersion
    ? packNameOf(document.workspaceId, searchPack.key)
    : null;
}

/** What a pack holds of a document version: its preparation, and its case-sensitive folding. */
export interface PackEntry {
  member: PackMember;
  prepared: PreparedText;
  /** `casedText` of the canonical text (null or absent: none stored, compact.ts). */
  cased?: string | null;
}

/** A pack's bytes and the name they give it. */
export function encodePack(entries: PackEntry[]): { name: string; bytes: Uint8Array } {
  const parts = entries.map((e) => encodeCompact(e.prepared, e.cased));
  let offset = 0;
  const index = entries.map(({ member }, i) => {
    const entry = [member.id, member.version, member.length, offset, parts[i]!.length];
    offset += parts[i]!.length;
    return entry;
  });
  const json = new TextEncoder().encode(JSON.stringify(index));
  const bytes = new Uint8Array(HEADER + json.length + offset);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, HEADER);
  let at = HEADER + json.length;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  return { name: `${PACK_FORMAT}-${hash}.bin`, bytes };
}

/** A pack read: the preparation it holds for a document version, or null. */
export interface Pack {
  members: PackMember[];
  entry(member: PackMember): PreparedText | null;
}

type IndexEntry = [string, number, number, number, number];

const isIndexEntry = (value: unknown): value is IndexEntry =>
  Array.isArray(value) &&
  value.length === 5 &&
  typeof value[0] === "string" &&
  value.slice(1).every((n) => Number.isInteger(n) && n >= 0);

/** The pack bytes hold; null when they are not a whole pack (magic, index, lengths). */
export function decodePack(bytes: Uint8Array): Pack | null {
  if (bytes.length < HEADER) return null;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return null;
  const j = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    MAGIC.length,
    true,
  );
  if (HEADER + j > bytes.length) return null;
  let index: unknown;
  try {
    index = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + j)));
  } catch {
    return null;
  }
  if (!Array.isArray(index) || !index.every(isIndexEntry)) return null;
  const data = bytes.subarray(HEADER + j);
  // Entries are back to back and end with the object: a truncated pack is no pack.
  let expected = 0;
  for (const [, , , offset, size] of index) {
    if (offset !== expected) return null;
    expected += size;
  }
  if (expected !== data.length) return null;
  const byId = new Map(index.map((entry) => [entry[0], entry]));
  return {
    members: index.map(([id, version, length]) => ({ id, version, length })),
    entry(member) {
      const found = byId.get(member.id);
      if (!found || found[1] !== member.version || found[2] !== member.length) return null;
      return decodeCompact(data.subarray(found[3], found[3] + found[4]), member.length);
    },
  };
}

/** A pack of the workspace, or null when it is not there (deleted, never written) or unreadable. */
export async function readPack(
  ctx: Context,
  workspaceId: string,
  name: string,
): Promise<Pack | null> {
  // A name from a request: only a pack name (no path) of the current format is a key to read.
  if (!NAME.test(name)) return null;
  const bytes = await Storage.getBytesIfPresent(ctx, packKey(workspaceId, name));
  return bytes && decodePack(bytes);
}

/** Stores a pack (idempotent: its name is its content's hash). */
export async function writePack(
  ctx: Context,
  workspaceId: string,
  pack: { name: string; bytes: Uint8Array },
): Promise<void> {
  await Storage.putObject(
    ctx,
    packKey(workspaceId, pack.name),
    pack.bytes,
    "application/octet-stream",
  );
}
