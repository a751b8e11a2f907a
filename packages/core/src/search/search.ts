import type { Annotation } from "../annotation/index.ts";
import * as AnnotationModule from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import type { Document } from "../document/index.ts";
import * as DocumentModule from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import type { Authored } from "../round/index.ts";
import * as Storage from "../storage/index.ts";
import { type CachedText, textCache } from "./cache.ts";
import { decodeCursor, encodeCursor, fingerprintOf } from "./cursor.ts";
import { fanOut, planShards, shardSetupOf, shardUnitsOf } from "./fanout.ts";
import { mapLimited } from "./limited.ts";
import { currentPackName } from "./packs.ts";
import { parseQuery } from "./query.ts";
import { checkPattern, tooManyHits } from "./regex.ts";
import type { ShardDocument } from "./shard.ts";
import { lastAtOrBefore } from "./words.ts";

export interface SearchOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
  regex: boolean;
}

export interface SearchFilters {
  /** Only these documents. */
  documentIds?: string[] | undefined;
  /** Only hits inside a passage coded with one of these codes. */
  tags?: string[] | undefined;
  /**
   * "inside": only hits a coded passage holds (with one of `tags`, when given); "outside": only
   * hits no such passage holds. Absent: "inside" when `tags` is given, else every hit.
   */
  coded?: "inside" | "outside" | undefined;
  /**
   * Hook for document attribute filters (the attributes feature): only documents it accepts are
   * searched. Absent: every ready document.
   */
  documentFilter?: ((document: Document) => boolean) | undefined;
  /** What `documentFilter` filters on, for the cursor's fingerprint (documentFilterOf). */
  documentFilterKey?: string | undefined;
  /**
   * Which passages the caller may see (`Round.visibleTo`): a coder of an open blind round must not
   * learn other coders' codes from a hit's `codes`, the code filter or what code-from-search skips.
   * Absent: every passage.
   */
  visible?: ((passage: Authored) => boolean) | undefined;
}

/** A hit before its context is attached: canonical offsets into the document's current text. */
export interface Span {
  start: number;
  end: number;
}

/** A document's hits. Its text is not loaded here: only the hits a caller shows or codes need it. */
export interface DocumentHits {
  document: Document;
  hits: Span[];
}

export interface SearchRun {
  /** Documents with hits, by document id, each with its hits in text order. */
  documents: DocumentHits[];
  total: number;
}

/** More hits than this fail the search (422) rather than be cut short: results are complete. */
export const MAX_HITS = 100_000;
const READ_CONCURRENCY = 8;
export const REGEX_LIMIT_MS = Number(process.env.GLOSS_SEARCH_REGEX_MS) || 2_000;

/**
 * What a shard is told of a document: its current version, and the search pack holding that
 * version's preparation when its item points to one for exactly this version (packs.ts).
 */
function shardDocumentOf(listing: DocumentModule.SearchListing): ShardDocument {
  const { document } = listing;
  const pack = currentPackName(listing);
  return {
    id: document.id,
    version: document.textVersion,
    length: document.textLength,
    ...(pack ? { pack } : {}),
  };
}

/**
 * A version's canonical text through the process cache (a version's text never changes): what a
 * hit's context, paragraph and coding read. Only documents with hits are loaded; the scan itself
 * reads the stored preparations, in its shards (shard.ts).
 */
export async function loadText(ctx: Context, document: Document): Promise<CachedText> {
  const key = `${document.workspaceId}/${document.id}@${document.textVersion}`;
  const cached = textCache.get(key);
  if (cached) return cached;
  const text = await Storage.getText(
    ctx,
    Storage.objectKeys.text(document.workspaceId, document.id, document.textVersion),
  );
  return textCache.put(key, text);
}

/** Anchored annotations of a document's current text (all pages) that the caller may see. */
export async function annotationsOf(
  ctx: Context,
  document: Document,
  visible: (passage: Authored) => boolean = () => true,
): Promise<Annotation[]> {
  const all = await AnnotationModule.listAllByDocument(ctx, document.workspaceId, document.id);
  return all.filter(
    (a) => a.status === "anchored" && a.textVersion === document.textVersion && visible(a),
  );
}

/** Codes of the annotations whose passage holds the whole span, each once, sorted. */
export function codesCovering(annotations: Annotation[], span: Span): string[] {
  const codes = new Set<string>();
  for (const a of annotations) {
    if (a.start <= span.start && a.end >= span.end) for (const tag of a.tags) codes.add(tag);
  }
  return [...codes].sort();
}

/**
 * Every hit of a query in a workspace's ready documents: the baseline engine, a scan of each
 * document's canonical text (see docs/search.md). Complete or an error, never cut short.
 */
export async function runSearch(
  ctx: Context,
  workspaceId: string,
  q: string,
  options: SearchOptions,
  filters: SearchFilters = {},
): Promise<SearchRun> {
  if (options.regex && options.wholeWord) {
    throw new GlossError(
      "malformed",
      "search.options_conflict",
      "whole-word matching applies to the query language, not to a regular expression; use \\b or (?<!\\p{L}) in the pattern",
    );
  }
  if (!options.regex) parseQuery(q);
  const listed = await DocumentModule.listForSearch(ctx, workspaceId);
  const shardDocuments = new Map(listed.map((l) => [l.document.id, shardDocumentOf(l)]));
  let documents = listed.map((l) => l.document);
  if (filters.documentIds?.length) {
    const known = new Set(documents.map((d) => d.id));
    const missing = filters.documentIds.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new GlossError(
        "not_found",
        "document.not_found",
        `no ready document ${missing.join(", ")}`,
      );
    }
    const wanted = new Set(filters.documentIds);
    documents = documents.filter((d) => wanted.has(d.id));
  }
  if (filters.documentFilter) documents = documents.filter(filters.documentFilter);
  documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (options.regex) checkPattern(q, options.caseSensitive ? "gmu" : "gimu");

  // The fan-out (docs/search.md): contiguous shards of the id-ordered documents, run in
  // parallel where `ctx` says (a search-shard Lambda per shard, or in process), merged by
  // concatenation in shard order, which is document id order.
  const setup = shardSetupOf(ctx);
  const shards = planShards(documents, shardUnitsOf(setup, documents), setup.maxDocuments);
  const results = await fanOut(
    setup.invoker,
    shards.map((shard) => ({
      workspaceId,
      q,
      options,
      documents: shard.map((d) => shardDocuments.get(d.id)!),
      maxHits: MAX_HITS,
      regexLimitMs: REGEX_LIMIT_MS,
    })),
    setup.concurrency ? { concurrency: setup.concurrency } : {},
  );
  const flat = results.flatMap((r) => r.hits!);
  const total = flat.reduce((n, pairs) => n + pairs.length / 2, 0);
  if (total > MAX_HITS) throw tooManyHits(MAX_HITS);
  let result: DocumentHits[] = documents.flatMap((document, i) => {
    const pairs = flat[i]!;
    const hits: Span[] = [];
    for (let k = 0; k < pairs.length; k += 2) hits.push({ start: pairs[k]!, end: pairs[k + 1]! });
    return hits.length ? [{ document, hits }] : [];
  });
  if (filters.tags?.length || filters.coded) {
    const tags = filters.tags?.length ? new Set(filters.tags) : null;
    const inside = filters.coded !== "outside";
    result = (
      await mapLimited(result, READ_CONCURRENCY, async (entry) => {
        const coded = (await annotationsOf(ctx, entry.document, filters.visible)).filter(
          (a) => a.tags.length > 0 && (!tags || a.tags.some((t) => tags.has(t))),
        );
        return {
          ...entry,
          hits: entry.hits.filter(
            (h) => coded.some((a) => a.start <= h.start && a.end >= h.end) === inside,
          ),
        };
      })
    ).filter((entry) => entry.hits.length > 0);
  }
  return { documents: result, total: result.reduce((n, d) => n + d.hits.length, 0) };
}

/** The 1-based paragraph of a canonical offset. */
export function paragraphAt(text: CachedText, offset: number): number {
  return lastAtOrBefore(text.paragraphStarts(), offset) + 1;
}

export const CONTEXT_CHARS = 60;

/** Up to 60 UTF-16 units either side of a hit, never splitting a surrogate pair. */
export function contextOf(text: string, span: Span): { before: string; after: string } {
  let from = Math.max(0, span.start - CONTEXT_CHARS);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, span.end + CONTEXT_CHARS);
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to--;
  return { before: text.slice(from, span.start), after: text.slice(span.end, to) };
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export interface SearchHit {
  documentId: string;
  title: string;
  start: number;
  end: number;
  exact: string;
  before: string;
  after: string;
  page: number | null;
  paragraph: number;
  coded: boolean;
  codes: string[];
}

export interface SearchPage {
  items: SearchHit[];
  total: number;
  documents: Array<{ documentId: string; title: string; count: number }>;
  nextCursor: string | null;
}

/** Identifies a search, so a cursor is refused with a different query. */
function fingerprint(q: string, options: SearchOptions, filters: SearchFilters): string {
  return fingerprintOf([
    q,
    options,
    filters.documentIds ?? [],
    filters.tags ?? [],
    filters.coded ?? null,
    filters.documentFilterKey ?? null,
  ]);
}

/** A search cursor's place: the last hit's document (`d`) and span (`s`, `e`). */
interface Place {
  d: string;
  s: number;
  e: number;
}

function placeOf(value: object): Place | null {
  return "d" in value &&
    "s" in value &&
    "e" in value &&
    typeof value.d === "string" &&
    typeof value.s === "number" &&
    typeof value.e === "number" &&
    Number.isInteger(value.s) &&
    Number.isInteger(value.e)
    ? { d: value.d, s: value.s, e: value.e }
    : null;
}

async function pagesOf(ctx: Context, document: Document): Promise<number[] | null> {
  if (document.pageCount === null) return null;
  return (
    await DocumentModule.getPages(ctx, document.workspaceId, document.id, document.textVersion)
  ).pageStarts;
}

/**
 * One page of a search's hits in keyword-in-context form, ordered by document id then offset; the
 * cursor is the last hit's place (keyset), so a new document does not shift the pages already read.
 */
export async function searchPage(
  ctx: Context,
  workspaceId: string,
  q: string,
  options: SearchOptions,
  filters: SearchFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<SearchPage> {
  const print = fingerprint(q, options, filters);
  const after = page.cursor ? decodeCursor(page.cursor, print, placeOf) : null;
  const run = await runSearch(ctx, workspaceId, q, options, filters);
  const picked: Array<{ entry: DocumentHits; span: Span }> = [];
  let more = false;
  for (const entry of run.documents) {
    if (after && entry.document.id < after.d) continue;
    for (const span of entry.hits) {
      if (after && entry.document.id === after.d) {
        if (span.start < after.s || (span.start === after.s && span.end <= after.e)) continue;
      }
      if (picked.length === page.limit) {
        more = true;
        break;
      }
      picked.push({ entry, span });
    }
    if (more) break;
  }
  const onPage = [...new Set(picked.map((p) => p.entry))];
  const extras = new Map(
    await mapLimited(onPage, READ_CONCURRENCY, async (entry) => {
      const [annotations, pages, text] = await Promise.all([
        annotationsOf(ctx, entry.document, filters.visible),
        pagesOf(ctx, entry.document),
        loadText(ctx, entry.document),
      ]);
      return [entry, { annotations, pages, text }] as const;
    }),
  );
  const items = picked.map(({ entry, span }): SearchHit => {
    const { annotations, pages, text } = extras.get(entry)!;
    const codes = codesCovering(annotations, span);
    return {
      documentId: entry.document.id,
      title: entry.document.title,
      start: span.start,
      end: span.end,
      exact: text.text.slice(span.start, span.end),
      ...contextOf(text.text, span),
      page: DocumentModule.pageAt(pages, span.start),
      paragraph: paragraphAt(text, span.start),
      coded: annotations.some(
        (a) => a.start <= span.start && a.end >= span.end && a.tags.length > 0,
      ),
      codes,
    };
  });
  const last = picked.at(-1);
  return {
    items,
    total: run.total,
    documents: run.documents.map((d) => ({
      documentId: d.document.id,
      title: d.document.title,
      count: d.hits.length,
    })),
    nextCursor:
      more && last
        ? encodeCursor(print, { d: last.entry.document.id, s: last.span.start, e: last.span.end })
        : null,
  };
}
