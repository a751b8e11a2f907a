import type { Context } from "../context/index.ts";
import { isGlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";
import { fold, PARAGRAPH_MARK } from "./fold.ts";
import { compressOrigin, type OriginRuns } from "./origin.ts";
import { type Words, wordsOf } from "./words.ts";

/**
 * A document version prepared for search, stored beside its canonical text in S3: the
 * case-insensitive folding (fold.ts), its origin map as runs (origin.ts) and its words
 * (`Intl.Segmenter`, words.ts). Folding and, far more, segmenting are what a cold search spends
 * its time on, so they are done once per version, at ingest (`prepareTextObject`, called by the
 * ingest function for every text object S3 reports), and a search only reads them.
 *
 * Consistent without transactions: a version's canonical text never changes, so neither does
 * what is derived from it. The object is written whole (an S3 PUT is atomic), its content depends
 * only on the text, so two writers (ingest and a search repairing a missing one) write the same
 * bytes and either may win; a new version is a new key. The key's name carries the format and
 * rules version: a change to folding or segmentation must bump it, which leaves old objects
 * unread (and rebuilt) rather than wrong. Decoding checks every length against the canonical
 * text's, so a truncated, foreign or stale object is ignored and rebuilt. It lives under the
 * document's prefix, so deleting the document removes it.
 *
 * Layout (little-endian): "GLSP2\n", then uint32 canonical length, folded length n, UTF-8 byte
 * count b, run count r, word count w; b bytes of the folded text in UTF-8; r int32 run starts
 * (folded), r int32 run origins (canonical); w int32 word starts, w int32 word ends (folded).
 */
const MAGIC = "GLSP2\n";
const HEADER = MAGIC.length + 5 * 4;
export const PREPARED_NAME = "search-prepared-v2.bin";

/** What a search reads of a version: folded text, origins and words. */
export interface PreparedText {
  text: string;
  runs: OriginRuns;
  words: Words;
  /**
   * The case-sensitive folding, when the preparation holds it (a search pack's entry,
   * compact.ts); absent or null: derive it from the canonical text (cased.ts).
   */
  cased?: () => string | null;
}

export function preparedKey(workspaceId: string, documentId: string, version: number): string {
  return Storage.objectKeys
    .text(workspaceId, documentId, version)
    .replace(/text\.txt$/, PREPARED_NAME);
}

/** The version a canonical text object belongs to; null for any other key. */
export function parseTextKey(
  key: string,
): { workspaceId: string; documentId: string; version: number } | null {
  const match = /^workspaces\/([^/]+)\/documents\/([^/]+)\/v(\d+)\/text\.txt$/.exec(key);
  if (!match) return null;
  return { workspaceId: match[1]!, documentId: match[2]!, version: Number(match[3]) };
}

/** Folds and segments a canonical text: the work a stored preparation saves. */
export function buildPrepared(canonical: string): PreparedText {
  const folded = fold(canonical, { caseSensitive: false });
  return { text: folded.text, runs: compressOrigin(folded.origin), words: wordsOf(folded) };
}

const asBytes = (values: Int32Array) =>
  new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

/** The bytes of a preparation. */
export function encodePrepared(prepared: PreparedText): Uint8Array {
  const utf8 = new TextEncoder().encode(prepared.text);
  const { runs, words } = prepared;
  const r = runs.folded.length;
  const w = words.starts.length;
  const bytes = new Uint8Array(HEADER + utf8.length + (2 * r + 2 * w) * 4);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  [runs.end, runs.length, utf8.length, r, w].forEach((value, i) => {
    view.setUint32(MAGIC.length + i * 4, value, true);
  });
  let at = HEADER;
  // Typed-array copies are the platform's byte order: little-endian on every Lambda and Node
  // target (x86-64, arm64), which the layout assumes.
  for (const part of [utf8, asBytes(runs.folded), asBytes(runs.canonical)]) {
    bytes.set(part, at);
    at += part.length;
  }
  bytes.set(asBytes(words.starts), at);
  bytes.set(asBytes(words.ends), at + w * 4);
  return bytes;
}

/** A copy, so the int32 view is aligned whatever the offset of the bytes read. */
const int32s = (bytes: Uint8Array, from: number, count: number) =>
  new Int32Array(bytes.slice(from, from + count * 4).buffer);

/** The paragraph marks of a folded text, ascending. */
export function paragraphMarksOf(text: string): Int32Array {
  const marks: number[] = [];
  for (let at = text.indexOf(PARAGRAPH_MARK); at !== -1; at = text.indexOf(PARAGRAPH_MARK, at + 1))
    marks.push(at);
  return Int32Array.from(marks);
}

/** The preparation a stored object holds; null when it is not one of this text (any mismatch). */
export function decodePrepared(bytes: Uint8Array, canonicalLength: number): PreparedText | null {
  if (bytes.length < HEADER) return null;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [end, n, b, r, w] = [0, 1, 2, 3, 4].map((i) => view.getUint32(MAGIC.length + i * 4, true));
  if (end !== canonicalLength) return null;
  if (bytes.length !== HEADER + b! + (2 * r! + 2 * w!) * 4) return null;
  // A lone surrogate does not survive UTF-8; the length check then sends the text to a rebuild.
  const text = new TextDecoder().decode(bytes.subarray(HEADER, HEADER + b!));
  if (text.length !== n) return null;
  let at = HEADER + b!;
  const runs: OriginRuns = {
    folded: int32s(bytes, at, r!),
    canonical: int32s(bytes, at + r! * 4, r!),
    length: n!,
    end: end!,
  };
  at += 2 * r! * 4;
  if (n! > 0 && (r === 0 || runs.folded[0] !== 0)) return null;
  const last = r! - 1;
  if (last >= 0 && runs.canonical[last]! + (n! - runs.folded[last]!) > end!) return null;
  const starts = int32s(bytes, at, w!);
  const ends = int32s(bytes, at + w! * 4, w!);
  if (w! > 0 && ends[w! - 1]! > n!) return null;
  return { text, runs, words: { starts, ends, paragraphMarks: paragraphMarksOf(text) } };
}

/** A version's stored preparation, or null when none is stored (or it is unreadable or stale). */
export async function readPrepared(
  ctx: Context,
  key: string,
  canonicalLength: number,
): Promise<PreparedText | null> {
  const bytes = await Storage.getBytesIfPresent(ctx, key);
  return bytes && decodePrepared(bytes, canonicalLength);
}

/** Stores a version's preparation (idempotent: the same text always gives the same bytes). */
export async function writePrepared(
  ctx: Context,
  key: string,
  prepared: PreparedText,
): Promise<void> {
  await Storage.putObject(ctx, key, encodePrepared(prepared), "application/octet-stream");
}

/**
 * A version's stored preparation, or, when none is stored or it is stale (a version stored before
 * ingest prepared texts, a lost event), one built from the canonical text with the write that
 * stores it for the next reader (`write`; the caller decides whether to wait for it: the bytes
 * are the same whoever writes them, so a lost write only means the next reader builds again).
 */
export async function storedOrBuilt(
  ctx: Context,
  workspaceId: string,
  version: { id: string; version: number; length: number },
): Promise<{ prepared: PreparedText; write: Promise<void> | null }> {
  const at = preparedKey(workspaceId, version.id, version.version);
  const stored = await readPrepared(ctx, at, version.length);
  if (stored) return { prepared: stored, write: null };
  const prepared = buildPrepared(
    await Storage.getText(ctx, Storage.objectKeys.text(workspaceId, version.id, version.version)),
  );
  return { prepared, write: writePrepared(ctx, at, prepared) };
}

export type PrepareOutcome =
  | { key: string; outcome: "search_prepared"; written: boolean }
  | { key: string; outcome: "skipped"; reason: string };

/**
 * The ingest hook: for a canonical text object just stored (a new document, an upload read, a
 * new version, a restore, an import), stores its search preparation beside it unless a valid one
 * is there already (an event delivered twice does not redo the work). Null for any other key.
 * Storage errors are thrown, so the ingest function's retries cover this too.
 */
export async function prepareTextObject(ctx: Context, key: string): Promise<PrepareOutcome | null> {
  const version = parseTextKey(key);
  if (!version) return null;
  let text: string;
  try {
    text = await Storage.getText(ctx, key);
  } catch (error) {
    if (isGlossError(error) && error.kind === "not_found") {
      return { key, outcome: "skipped", reason: "the text no longer exists" };
    }
    throw error;
  }
  const at = preparedKey(version.workspaceId, version.documentId, version.version);
  if (await readPrepared(ctx, at, text.length)) {
    return { key, outcome: "search_prepared", written: false };
  }
  await writePrepared(ctx, at, buildPrepared(text));
  return { key, outcome: "search_prepared", written: true };
}
