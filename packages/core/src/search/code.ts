import { createHash } from "node:crypto";
import * as AnnotationModule from "../annotation/index.ts";
import { MAX_QUOTE_LENGTH } from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { GlossError, isGlossError } from "../error/index.ts";
import type { CachedText } from "./cache.ts";
import {
  annotationsOf,
  codesCovering,
  type DocumentHits,
  runSearch,
  type SearchFilters,
  type SearchOptions,
  type Span,
} from "./search.ts";
import { lastAtOrBefore } from "./words.ts";

export type Expand = "none" | "sentence" | "paragraph";

/** Hits one request may code; more must be narrowed or sent in several requests. */
export const MAX_CODE_HITS = 5_000;
const WRITE_CONCURRENCY = 4;

export interface CodeRequest {
  q: string;
  options: SearchOptions;
  filters: SearchFilters;
  tags: string[];
  hits: Array<{ documentId: string; start: number; end: number }> | "all";
  expand: Expand;
}

export interface CodeOutcome {
  /** Hits the request selected. */
  hits: number;
  /** Passages to code after expansion (hits in one sentence or paragraph become one passage). */
  passages: number;
  created: number;
  /** Passages already coded with every requested code. */
  skipped: number;
  failed: Array<{ documentId: string; start: number; end: number; code: string; message: string }>;
  annotationIds: string[];
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
 * Codes the selected (or all) hits of a search. Passages already coded with every requested code
 * are skipped, and each passage gets a deterministic annotation id, so running the same request
 * again, or retrying one that failed half-way, creates nothing twice.
 */
export async function codeFromSearch(
  ctx: Context,
  workspaceId: string,
  userId: string,
  request: CodeRequest,
): Promise<CodeOutcome> {
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
  if (selected.length > MAX_CODE_HITS) {
    throw new GlossError(
      "too_large",
      "search.too_many_to_code",
      `${selected.length} hits is more than the ${MAX_CODE_HITS} one request codes; narrow the search or code it by document`,
    );
  }

  // Passages per document, each once, in text order.
  const passages = new Map<DocumentHits, Map<string, Span>>();
  for (const { entry, span } of selected) {
    const passage = expandSpan(entry.text, span, request.expand);
    const own = passages.get(entry) ?? new Map<string, Span>();
    own.set(`${passage.start}:${passage.end}`, passage);
    passages.set(entry, own);
  }

  const outcome: CodeOutcome = {
    hits: selected.length,
    passages: 0,
    created: 0,
    skipped: 0,
    failed: [],
    annotationIds: [],
  };
  for (const [entry, spans] of passages) {
    const document = entry.document;
    const existing = await annotationsOf(ctx, document, request.filters.visible);
    const work = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    outcome.passages += work.length;
    let next = 0;
    const writers = Array.from({ length: Math.min(WRITE_CONCURRENCY, work.length) }, async () => {
      while (next < work.length) {
        const span = work[next++]!;
        const have = new Set(codesCovering(existing, span));
        const missing = request.tags.filter((t) => !have.has(t));
        if (missing.length === 0) {
          outcome.skipped++;
          continue;
        }
        const failure = (code: string, message: string) =>
          outcome.failed.push({ documentId: document.id, ...span, code, message });
        if (span.end - span.start > MAX_QUOTE_LENGTH) {
          failure(
            "annotation.quote_too_long",
            `the passage is longer than ${MAX_QUOTE_LENGTH} characters`,
          );
          continue;
        }
        const attempt = async (id: string) => {
          const annotation = await AnnotationModule.create(
            ctx,
            workspaceId,
            document.id,
            userId,
            {
              start: span.start,
              end: span.end,
              exact: entry.text.text.slice(span.start, span.end),
              tags: missing,
            },
            { id, refuseExisting: true },
          );
          outcome.created++;
          outcome.annotationIds.push(annotation.id);
        };
        const id = codingId(workspaceId, document.id, document.textVersion, span, missing);
        try {
          await attempt(id);
        } catch (error) {
          // A concurrent run of the same request may have written this id first.
          const raced = await AnnotationModule.get(ctx, workspaceId, id).catch(() => null);
          const visible = request.filters.visible ?? (() => true);
          if (raced && !visible(raced)) {
            // Another coder's passage hidden by a blind round: this coder codes it as their own,
            // under an id that is theirs (still derived, so a retry finds it).
            const own = codingId(
              workspaceId,
              document.id,
              document.textVersion,
              span,
              missing,
              userId,
            );
            try {
              await attempt(own);
            } catch (again) {
              if (await AnnotationModule.get(ctx, workspaceId, own).catch(() => null)) {
                outcome.skipped++;
              } else if (isGlossError(again)) failure(again.code, again.message);
              else throw again;
            }
            continue;
          }
          if (raced) {
            outcome.skipped++;
            continue;
          }
          if (!isGlossError(error)) throw error;
          failure(error.code, error.message);
        }
      }
    });
    await Promise.all(writers);
  }
  outcome.annotationIds.sort();
  return outcome;
}
