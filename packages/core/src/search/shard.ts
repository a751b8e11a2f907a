import type { Context } from "../context/index.ts";
import { type ErrorKind, isGlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";
import { prepare } from "./cache.ts";
import { casedText } from "./cased.ts";
import { originSpan } from "./fold.ts";
import { mapLimited } from "./limited.ts";
import { Lru } from "./lru.ts";
import { type Matchable, matchQuery } from "./match.ts";
import { runsSpan } from "./origin.ts";
import { readPack } from "./packs.ts";
import { type PreparedText, storedOrBuilt } from "./prepared.ts";
import { parseQuery } from "./query.ts";
import { regexSpans, tooManyHits } from "./regex.ts";
import type { SearchOptions } from "./search.ts";

/** A document version a shard scans; `length` (the canonical text's) checks what it reads. */
export interface ShardDocument {
  id: string;
  version: number;
  length: number;
  /**
   * The name of the workspace's search pack (packs.ts) its item says holds this version's
   * preparation, if any: read first, the per-version object being the fallback.
   */
  pack?: string;
}

/**
 * One shard of a search: the same query over some of a workspace's documents. It needs only the
 * bucket: documents were listed, filtered and split by the caller. JSON-safe, as it is the
 * payload of a search-shard Lambda invocation.
 */
export interface ShardRequest {
  workspaceId: string;
  q: string;
  options: SearchOptions;
  documents: ShardDocument[];
  /** More hits than this in this shard fail it (the caller's limit for the whole search). */
  maxHits: number;
  regexLimitMs: number;
}

/** A shard's answer: hits, or the error that any retry would meet again (a bad query, too many). */
export interface ShardResult {
  /** Per requested document, in request order: canonical [start, end, start, end, …]. */
  hits?: number[][];
  error?: { kind: ErrorKind; code: string; message: string };
  /** Time spent reading (S3 and decoding) and scanning, for the bench and the logs. */
  readMs: number;
  scanMs: number;
}

const READ_CONCURRENCY = 8;

/** A version made ready to match: what to match and how to map a folded span to the text. */
interface Scannable {
  matchable: Matchable;
  span: (from: number, to: number) => { start: number; end: number };
}

interface Entry {
  /** The stored case-insensitive preparation. */
  prepared?: PreparedText;
  /** The canonical text: regexes run over it; case-sensitive scans put letters back in case. */
  canonical?: string;
  /** Case-sensitive: derived from the preparation (cased.ts), or folded here when it cannot be. */
  cased?: Scannable;
}

/**
 * What a shard keeps between searches, per version: a version never changes, so entries are
 * never stale. Cost: the folded text (1–2 bytes a unit), words (8 bytes a word, ~1.5 a unit) and
 * origin runs; the canonical text 2 bytes a unit; a derived cased text 2 (one folded here keeps a
 * full origin map and its own words, ~10).
 */
const PREPARED_BYTES_PER_UNIT = 4;
const CANONICAL_BYTES_PER_UNIT = 2;
const DERIVED_BYTES_PER_UNIT = 2;
const FOLDED_BYTES_PER_UNIT = 10;
const DEFAULT_CACHE_MB = 512;
export const shardCache = new Lru<Entry>(
  (Number(process.env.GLOSS_SEARCH_CACHE_MB) || DEFAULT_CACHE_MB) * 1024 * 1024,
);

const pendingWrites = new Set<Promise<unknown>>();

/** Waits for repaired preparations being stored (tests and benches, before reading S3 directly). */
export async function settlePreparedWrites(): Promise<void> {
  await Promise.all([...pendingWrites]);
}

const cacheKey = (workspaceId: string, d: ShardDocument) => `${workspaceId}/${d.id}@${d.version}`;
const textKey = (workspaceId: string, d: ShardDocument) =>
  Storage.objectKeys.text(workspaceId, d.id, d.version);

/** A version's cache entry, kept (and charged) as it grows. */
function entryOf(workspaceId: string, d: ShardDocument): { entry: Entry; key: string } {
  const key = cacheKey(workspaceId, d);
  return { entry: shardCache.get(key) ?? shardCache.put(key, {}, 0), key };
}

async function canonicalOf(ctx: Context, workspaceId: string, d: ShardDocument): Promise<string> {
  const { entry, key } = entryOf(workspaceId, d);
  if (entry.canonical === undefined) {
    entry.canonical = await Storage.getText(ctx, textKey(workspaceId, d));
    shardCache.grow(key, d.length * CANONICAL_BYTES_PER_UNIT);
  }
  return entry.canonical;
}

/**
 * The stored preparation of a version (taken from its pack by `readPacked`, else its own object),
 * or, when it is missing or stale, one built here and stored for the next reader
 * (`storedOrBuilt`). The write is not awaited: a lost one only means the next cold reader builds
 * again.
 */
async function preparedOf(
  ctx: Context,
  workspaceId: string,
  d: ShardDocument,
): Promise<PreparedText> {
  const { entry, key } = entryOf(workspaceId, d);
  if (entry.prepared) return entry.prepared;
  const { prepared, write } = await storedOrBuilt(ctx, workspaceId, d);
  if (write) {
    const pending: Promise<unknown> = write
      .catch(() => undefined)
      .finally(() => pendingWrites.delete(pending));
    pendingWrites.add(pending);
  }
  entry.prepared = prepared;
  shardCache.grow(key, d.length * PREPARED_BYTES_PER_UNIT);
  return prepared;
}

/**
 * Takes the preparations of the documents that name a pack from their packs: one read per pack,
 * eight at a time, where the per-version objects took one per document. Only an entry of exactly
 * the version asked for is taken; a document whose pack is gone, unreadable or without it is left
 * to `preparedOf`, which reads its own object. A storage failure is thrown (the shard is retried).
 */
async function readPacked(
  ctx: Context,
  workspaceId: string,
  documents: ShardDocument[],
): Promise<void> {
  const byPack = new Map<string, ShardDocument[]>();
  for (const d of documents) {
    if (!d.pack || shardCache.get(cacheKey(workspaceId, d))?.prepared) continue;
    const members = byPack.get(d.pack) ?? [];
    if (members.length === 0) byPack.set(d.pack, members);
    members.push(d);
  }
  await mapLimited([...byPack], READ_CONCURRENCY, async ([name, members]) => {
    const pack = await readPack(ctx, workspaceId, name);
    if (!pack) return;
    for (const d of members) {
      const prepared = pack.entry({ id: d.id, version: d.version, length: d.length });
      if (!prepared) continue;
      const { entry, key } = entryOf(workspaceId, d);
      if (entry.prepared) continue;
      entry.prepared = prepared;
      shardCache.grow(key, d.length * PREPARED_BYTES_PER_UNIT);
    }
  });
}

async function loose(ctx: Context, workspaceId: string, d: ShardDocument): Promise<Scannable> {
  const prepared = await preparedOf(ctx, workspaceId, d);
  return {
    // Words on first use: a pack's entry decodes them only then (compact.ts).
    matchable: { folded: { text: prepared.text }, words: () => prepared.words },
    span: (from, to) => runsSpan(prepared.runs, from, to),
  };
}

/** A case-sensitive folding derived from a preparation: its origins and words serve as they are. */
const derivedScannable = (text: string, prepared: PreparedText): Scannable => ({
  matchable: { folded: { text }, words: () => prepared.words },
  span: (from, to) => runsSpan(prepared.runs, from, to),
});

/**
 * Case-sensitive: the stored preparation with its letters put back in case (cased.ts; same
 * origins and words): as its pack stored them (read by `readPacked` before this), else from the
 * canonical text; else (a text with "İ") the canonical text folded here.
 */
async function cased(ctx: Context, workspaceId: string, d: ShardDocument): Promise<Scannable> {
  const { entry, key } = entryOf(workspaceId, d);
  if (entry.cased) return entry.cased;
  const packed = entry.prepared;
  const stored = packed?.cased?.() ?? null;
  if (packed && stored !== null) {
    entry.cased = derivedScannable(stored, packed);
    shardCache.grow(key, d.length * DERIVED_BYTES_PER_UNIT);
    return entry.cased;
  }
  const [canonical, prepared] = await Promise.all([
    canonicalOf(ctx, workspaceId, d),
    preparedOf(ctx, workspaceId, d),
  ]);
  const text = casedText(canonical, prepared);
  let made: Scannable;
  if (text !== null) {
    made = derivedScannable(text, prepared);
    shardCache.grow(key, d.length * DERIVED_BYTES_PER_UNIT);
  } else {
    const searchable = prepare(canonical).searchable(true);
    made = {
      matchable: searchable,
      span: (from, to) => originSpan(searchable.folded, from, to),
    };
    shardCache.grow(key, d.length * FOLDED_BYTES_PER_UNIT);
  }
  entry.cased = made;
  return made;
}

/**
 * Runs one shard: every hit of the query in its documents, exact canonical offsets, complete or
 * an error. The same function serves the search-shard Lambda and the local runtime (in process),
 * so both give the same answer. Errors a retry would meet again come back as `error`; storage
 * failures are thrown, so the caller retries the shard.
 */
export async function runShard(ctx: Context, request: ShardRequest): Promise<ShardResult> {
  const { workspaceId, options, documents } = request;
  let readMs = 0;
  let scanMs = 0;
  try {
    if (options.regex) {
      const started = performance.now();
      const texts = await mapLimited(documents, READ_CONCURRENCY, (d) =>
        canonicalOf(ctx, workspaceId, d),
      );
      readMs = performance.now() - started;
      const hits = await regexSpans(request.q, options.caseSensitive ? "gmu" : "gimu", texts, {
        limitMs: request.regexLimitMs,
        maxHits: request.maxHits,
      });
      scanMs = performance.now() - started - readMs;
      return { hits, readMs, scanMs };
    }
    const query = parseQuery(request.q);
    const started = performance.now();
    await readPacked(ctx, workspaceId, documents);
    const texts = await mapLimited(documents, READ_CONCURRENCY, (d) =>
      (options.caseSensitive ? cased : loose)(ctx, workspaceId, d),
    );
    readMs = performance.now() - started;
    let total = 0;
    const hits = texts.map((text) => {
      const flat: number[] = [];
      for (const h of matchQuery(text.matchable, query, options)) {
        const { start, end } = text.span(h.from, h.to);
        flat.push(start, end);
      }
      total += flat.length / 2;
      if (total > request.maxHits) throw tooManyHits(request.maxHits);
      return flat;
    });
    scanMs = performance.now() - started - readMs;
    return { hits, readMs, scanMs };
  } catch (error) {
    if (isGlossError(error) && error.kind !== "unavailable") {
      return {
        error: { kind: error.kind, code: error.code, message: error.message },
        readMs,
        scanMs,
      };
    }
    throw error;
  }
}
