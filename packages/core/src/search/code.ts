import { createHash, randomBytes } from "node:crypto";
import * as AnnotationModule from "../annotation/index.ts";
import { MAX_QUOTE_LENGTH } from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as DocumentModule from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { contextOf as quoteContext } from "../text/index.ts";
import type { CachedText } from "./cache.ts";
import { mapLimited } from "./limited.ts";
import {
  annotationsOf,
  codesCovering,
  type DocumentHits,
  loadText,
  runSearch,
  type SearchFilters,
  type SearchOptions,
  type Span,
} from "./search.ts";
import { lastAtOrBefore } from "./words.ts";

export type Expand = "none" | "sentence" | "paragraph";

/**
 * Hits a request may list one by one (the body stays under its 512 KB limit). "All" hits have no
 * cap: a large coding runs in the background (`code-job.ts`).
 */
export const MAX_CODE_HITS = 5_000;

export interface CodeRequest {
  q: string;
  options: SearchOptions;
  filters: SearchFilters;
  tags: string[];
  hits: Array<{ documentId: string; start: number; end: number }> | "all";
  expand: Expand;
}

export interface CodeFailure {
  documentId: string;
  start: number;
  end: number;
  code: string;
  message: string;
}

export interface CodeOutcome {
  /** Hits the request selected. */
  hits: number;
  /** Passages to code after expansion (hits in one sentence or paragraph become one passage). */
  passages: number;
  created: number;
  /** Passages already coded with every requested code. */
  skipped: number;
  failed: CodeFailure[];
  annotationIds: string[];
}

/** A passage to code, decided when the request was made: where, with which codes, under which id. */
export interface PlannedPassage {
  documentId: string;
  textVersion: number;
  start: number;
  end: number;
  tags: string[];
  id: string;
}

/** What a request codes: its counts so far (skipped, failed) and the passages left to write. */
export interface CodePlan {
  hits: number;
  passages: number;
  skipped: number;
  failed: CodeFailure[];
  work: PlannedPassage[];
}

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The annotation id of coding one passage with one set of codes: the same document, text version,
 * span and codes always give the same id, so a retried or re-run request finds the annotation it
 * made instead of making another (the annotation module returns an existing id unchanged).
 */
export function codingId(
  workspaceId: string,
  documentId: string,
  textVersion: number,
  span: Span,
  tags: string[],
  /** The coder, only where passages are per coder (an open blind round); absent otherwise. */
  coder?: string,
): string {
  const parts: unknown[] = [workspaceId, documentId, textVersion, span.start, span.end];
  parts.push([...tags].sort());
  if (coder) parts.push(coder);
  const digest = createHash("sha256").update(JSON.stringify(parts)).digest();
  let out = "";
  for (let i = 0; i < 26; i++) {
    // 5 bits at a time from the digest's first 130 bits.
    const bit = i * 5;
    const byte = bit >> 3;
    const word = ((digest[byte]! << 8) | digest[byte + 1]!) >> (11 - (bit & 7));
    out += ALPHABET[word & 31];
  }
  return `ann_${out}`;
}

const sentences = new Intl.Segmenter("und", { granularity: "sentence" });

/** The passage a hit is coded as: the hit, or the sentence(s) or paragraph(s) holding it. */
export function expandSpan(text: CachedText, span: Span, expand: Expand): Span {
  if (expand === "none") return span;
  const starts = text.paragraphStarts();
  const first = lastAtOrBefore(starts, span.start);
  const last = lastAtOrBefore(starts, Math.max(span.start, span.end - 1));
  const paragraphStart = starts[first]!;
  const nextStart = last + 1 < starts.length ? starts[last + 1]! - 2 : text.text.length;
  if (expand === "paragraph") return { start: paragraphStart, end: nextStart };
  let start = paragraphStart;
  let end = nextStart;
  // ICU ends a sentence at any line break; inside a paragraph a line break is a wrapped line (PDF
  // text, transcripts), so it is read as a space, which keeps every offset.
  const paragraph = text.text.slice(paragraphStart, nextStart).replaceAll("\n", " ");
  for (const s of sentences.segment(paragraph)) {
    const from = paragraphStart + s.index;
    const to = from + s.segment.length;
    if (from <= span.start) start = from;
    if (to >= span.end) {
      end = to;
      break;
    }
  }
  // A sentence segment keeps its trailing spaces and line breaks; the passage does not.
  while (end > span.end && /\s/u.test(text.text[end - 1]!)) end--;
  return { start, end };
}

function spanKey(documentId: string, span: Span): string {
  return `${documentId}:${span.start}:${span.end}`;
}

/**
 * Plans coding the selected (or all) hits of a search: each hit expanded to its passage, once;
 * passages already coded (visibly to the caller) with every requested code skipped; the others
 * with the missing codes under a deterministic id (`codingId`), so running the same request again,
 * or retrying one that failed half-way, creates nothing twice. Nothing is written.
 */
export async function planCoding(
  ctx: Context,
  workspaceId: string,
  userId: string,
  request: CodeRequest,
): Promise<CodePlan> {
  const known = new Set((await Codebook.list(ctx, workspaceId)).map((t) => t.id));
  const unknown = request.tags.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new GlossError(
      "invalid",
      "annotation.unknown_tag",
      `not in this workspace's codebook: ${unknown.join(", ")}`,
      {
        unknown,
      },
    );
  }
  const run = await runSearch(ctx, workspaceId, request.q, request.options, request.filters);
  let selected: Array<{ entry: DocumentHits; span: Span }>;
  if (request.hits === "all") {
    selected = run.documents.flatMap((entry) => entry.hits.map((span) => ({ entry, span })));
  } else {
    const byKey = new Map<string, { entry: DocumentHits; span: Span }>();
    for (const entry of run.documents) {
      for (const span of entry.hits) byKey.set(spanKey(entry.document.id, span), { entry, span });
    }
    const missing = request.hits.filter((h) => !byKey.has(spanKey(h.documentId, h)));
    if (missing.length > 0) {
      throw new GlossError(
        "invalid",
        "search.hit_not_found",
        `${missing.length} of the selected hits are not hits of this search (the text may have a new version); search again`,
        { missing: missing.slice(0, 20) },
      );
    }
    selected = [...new Set(request.hits.map((h) => spanKey(h.documentId, h)))].map(
      (k) => byKey.get(k)!,
    );
  }

  // Passages per document, each once, in text order.
  const passages = new Map<DocumentHits, Map<string, Span>>();
  // The texts of the documents coded only (the search itself does not load texts).
  const texts = new Map<DocumentHits, CachedText>(
    await mapLimited([...new Set(selected.map((s) => s.entry))], 8, async (entry) => [
      entry,
      await loadText(ctx, entry.document),
    ]),
  );
  for (const { entry, span } of selected) {
    const passage = expandSpan(texts.get(entry)!, span, request.expand);
    const own = passages.get(entry) ?? new Map<string, Span>();
    own.set(`${passage.start}:${passage.end}`, passage);
    passages.set(entry, own);
  }

  const plan: CodePlan = { hits: selected.length, passages: 0, skipped: 0, failed: [], work: [] };
  const visible = request.filters.visible ?? (() => true);
  for (const [entry, spans] of passages) {
    const document = entry.document;
    const stored = await annotationsOf(ctx, document);
    const seen = stored.filter(visible);
    // Another coder's passage hidden by a blind round may hold the id this coding would take:
    // this coder then codes the passage as their own, under an id that is theirs (still derived).
    const hidden = new Set(stored.filter((a) => !visible(a)).map((a) => a.id));
    const work = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    plan.passages += work.length;
    for (const span of work) {
      const have = new Set(codesCovering(seen, span));
      const missing = request.tags.filter((t) => !have.has(t));
      if (missing.length === 0) {
        plan.skipped++;
        continue;
      }
      if (span.end - span.start > MAX_QUOTE_LENGTH) {
        plan.failed.push({
          documentId: document.id,
          ...span,
          code: "annotation.quote_too_long",
          message: `the passage is longer than ${MAX_QUOTE_LENGTH} characters`,
        });
        continue;
      }
      let id = codingId(workspaceId, document.id, document.textVersion, span, missing);
      if (hidden.has(id)) {
        id = codingId(workspaceId, document.id, document.textVersion, span, missing, userId);
      }
      plan.work.push({
        documentId: document.id,
        textVersion: document.textVersion,
        start: span.start,
        end: span.end,
        tags: missing,
        id,
      });
    }
  }
  return plan;
}

/** What writing some planned passages did. */
export interface CodeWritten {
  created: number;
  skipped: number;
  failed: CodeFailure[];
  annotationIds: string[];
}

/**
 * Writes planned passages through the bulk write (`annotation/bulk.ts`): each with its history
 * entry, in chunks, counts once per chunk. A passage whose document has moved to another text
 * version since the plan is not written (its offsets belong to the old text) and fails with
 * `search.document_changed`; one already there (this plan's earlier run: `created`, anyone
 * else's: `skipped`) is left as it is.
 */
export async function writeCoding(
  ctx: Context,
  workspaceId: string,
  userId: string,
  work: PlannedPassage[],
  options: { cause: string; hooks?: AnnotationModule.BulkHooks },
): Promise<CodeWritten> {
  const written: CodeWritten = { created: 0, skipped: 0, failed: [], annotationIds: [] };
  const texts = new Map<string, string | null>();
  for (const documentId of new Set(work.map((p) => p.documentId))) {
    const document = await DocumentModule.get(ctx, workspaceId, documentId).catch(() => null);
    const planned = work.find((p) => p.documentId === documentId)!.textVersion;
    texts.set(
      documentId,
      document && document.textVersion === planned && document.pendingVersion === null
        ? await DocumentModule.getText(ctx, workspaceId, documentId, planned)
        : null,
    );
  }
  const now = ctx.now().toISOString();
  const writable: PlannedPassage[] = [];
  for (const p of work) {
    if (texts.get(p.documentId) === null) {
      written.failed.push({
        documentId: p.documentId,
        start: p.start,
        end: p.end,
        code: "search.document_changed",
        message: "the document is gone or has a new text version since the search; search again",
      });
    } else writable.push(p);
  }
  const outcomes = await AnnotationModule.createMany(
    ctx,
    workspaceId,
    writable.map((p) => {
      const text = texts.get(p.documentId)!;
      return AnnotationModule.annotationItem({
        id: p.id,
        workspaceId,
        documentId: p.documentId,
        start: p.start,
        end: p.end,
        exact: text.slice(p.start, p.end),
        ...quoteContext(text, p.start, p.end),
        tags: p.tags,
        note: "",
        status: "anchored",
        textVersion: p.textVersion,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    }),
    { cause: options.cause, by: userId, ...(options.hooks ? { hooks: options.hooks } : {}) },
  );
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome === "created" || outcome === "created_before") {
      written.created++;
      written.annotationIds.push(writable[i]!.id);
    } else written.skipped++;
  }
  return written;
}

/**
 * Codes the selected (or all) hits of a search in this request (`planCoding`, then
 * `writeCoding`); a large coding goes through `code-job.ts` instead. The history cause is unique
 * to the request, since two requests may run the same coding at once: each passage is still
 * written once, by whichever lands its entry first.
 */
export async function codeFromSearch(
  ctx: Context,
  workspaceId: string,
  userId: string,
  request: CodeRequest,
): Promise<CodeOutcome> {
  return writePlan(ctx, workspaceId, userId, await planCoding(ctx, workspaceId, userId, request));
}

/** Writes a whole plan in this request. */
export async function writePlan(
  ctx: Context,
  workspaceId: string,
  userId: string,
  plan: CodePlan,
): Promise<CodeOutcome> {
  const written = await writeCoding(ctx, workspaceId, userId, plan.work, {
    cause: `search.code:${randomBytes(8).toString("hex")}`,
  });
  return {
    hits: plan.hits,
    passages: plan.passages,
    created: written.created,
    skipped: plan.skipped + written.skipped,
    failed: [...plan.failed, ...written.failed],
    annotationIds: written.annotationIds.sort(),
  };
}
