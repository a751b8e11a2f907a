import * as Annotation from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";
import type { ImportResult, JsonLdAnnotation, JsonLdImport } from "./jsonld.ts";
import { CodePointIndex } from "./offsets.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** An IRI given as a string or as `{ id }`. */
const iriOf = (value: unknown): string | null =>
  typeof value === "string"
    ? value
    : isObject(value) && typeof value.id === "string"
      ? value.id
      : null;

/** The last path segment of an IRI after `/<collection>/`, decoded. */
function segmentAfter(iri: string, collection: string): string | null {
  const match = new RegExp(`/${collection}/([^/?#]+)/?(?:[?#].*)?$`).exec(iri);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export interface QuoteSelector {
  exact: string;
  prefix?: string | undefined;
  suffix?: string | undefined;
}

/** Code point positions, as W3C TextPositionSelector counts them. */
export interface PositionSelector {
  start: number;
  end: number;
}

export type Anchoring =
  | { start: number; end: number }
  | { reason: "no_selector" | "quote_not_found" | "quote_ambiguous" };

/**
 * Places an imported passage in a text (UTF-16 offsets). The position selector wins when its text
 * equals the quote; otherwise the quote is looked for where its prefix and suffix agree with the
 * text, nearest the given position; a quote found in several places with no position to choose
 * by is refused, since attaching a note to the wrong passage is worse than not importing it.
 */
export function anchorSelectors(
  index: CodePointIndex,
  quote: QuoteSelector | null,
  position: PositionSelector | null,
): Anchoring {
  const text = index.text;
  let expected: number | null = null;
  if (position && position.end > position.start) {
    const start = index.toUtf16(position.start);
    const end = index.toUtf16(position.end);
    expected = start;
    if (end <= text.length && (!quote || text.slice(start, end) === quote.exact)) {
      return { start, end };
    }
  }
  if (!quote) return { reason: "no_selector" };
  const candidates: number[] = [];
  const prefix = quote.prefix ?? "";
  const suffix = quote.suffix ?? "";
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    const end = at + quote.exact.length;
    if (text.slice(0, at).endsWith(prefix) && text.startsWith(suffix, end)) candidates.push(at);
  }
  if (candidates.length === 0) return { reason: "quote_not_found" };
  if (candidates.length > 1 && expected === null) return { reason: "quote_ambiguous" };
  const target = expected ?? 0;
  const best = candidates.reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
  return { start: best, end: best + quote.exact.length };
}

interface Passage {
  /** The id the file gives it (for links and for reporting), or its position in the file. */
  key: string;
  documentId: string | null;
  quote: QuoteSelector | null;
  position: PositionSelector | null;
  /** Codes by the id their IRI names, else by label. */
  tags: Array<{ id: string | null; label: string }>;
  note: string;
}

function readSelectors(target: Json): Pick<Passage, "quote" | "position"> {
  let quote: QuoteSelector | null = null;
  let position: PositionSelector | null = null;
  for (const selector of asArray(target.selector)) {
    if (!isObject(selector)) continue;
    if (selector.type === "TextQuoteSelector" && typeof selector.exact === "string" && !quote) {
      quote = {
        exact: selector.exact,
        prefix: typeof selector.prefix === "string" ? selector.prefix : undefined,
        suffix: typeof selector.suffix === "string" ? selector.suffix : undefined,
      };
    }
    if (
      selector.type === "TextPositionSelector" &&
      Number.isSafeInteger(selector.start) &&
      Number.isSafeInteger(selector.end) &&
      (selector.start as number) >= 0 &&
      !position
    ) {
      position = { start: selector.start as number, end: selector.end as number };
    }
  }
  return { quote, position };
}

/** The body texts of an annotation with a purpose (a body without one takes the motivation). */
function bodies(
  item: JsonLdAnnotation,
): Array<{ purpose: string; value: string; iri: string | null }> {
  const motivation = asArray(item.motivation).find((m) => typeof m === "string") as
    | string
    | undefined;
  const result = asArray(item.body).flatMap((body) => {
    if (!isObject(body) || typeof body.value !== "string") return [];
    const purpose = asArray(body.purpose).find((p) => typeof p === "string") ?? motivation ?? "";
    return [
      { purpose: purpose as string, value: body.value, iri: iriOf(body.id) ?? iriOf(body.source) },
    ];
  });
  if (typeof item.bodyValue === "string") {
    result.push({ purpose: "commenting", value: item.bodyValue, iri: null });
  }
  return result;
}

/** The code id a tagging body's IRI names (`…/tags/<id>`, or its last segment), if a valid id. */
function tagIdOf(iri: string | null): string | null {
  const id = iri ? (segmentAfter(iri, "tags") ?? iri.split(/[/#]/).pop()) : null;
  return id && Codebook.TagId.safeParse(id).success ? id : null;
}

function readPassage(item: JsonLdAnnotation, position: number): Passage {
  const target = asArray(item.target).find(isObject) ?? null;
  const sourceIri = target ? iriOf(target.source) : null;
  const documentId = sourceIri
    ? (segmentAfter(sourceIri, "documents") ?? (/^doc_[^/]+$/.test(sourceIri) ? sourceIri : null))
    : null;
  const texts = bodies(item);
  return {
    key: item.id ?? `#${position}`,
    documentId,
    ...(target ? readSelectors(target) : { quote: null, position: null }),
    tags: texts
      .filter((b) => b.purpose === "tagging" && b.value.trim() !== "")
      .map((b) => ({ id: tagIdOf(b.iri), label: b.value.trim() })),
    note: texts
      .filter((b) => b.purpose === "commenting")
      .map((b) => b.value)
      .join("\n\n"),
  };
}

const reasonOf = (error: unknown): string => {
  if (error instanceof GlossError && error.kind !== "unavailable") return error.code;
  throw error;
};

/** Every annotation of a document, keyed by what makes two annotations the same. */
async function existingOf(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await Annotation.listByDocument(ctx, workspaceId, documentId, {
      limit: 500,
      cursor,
    });
    for (const a of page.items) existing.set(sameKey(a.start, a.end, a.tags, a.note), a.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return existing;
}

const sameKey = (start: number, end: number, tags: string[], note: string) =>
  JSON.stringify([start, end, [...tags].sort(), note]);

/**
 * Imports W3C Web Annotation JSON-LD into a workspace whose documents the targets name (by their
 * Gloss URL, `…/documents/<id>`). Each annotation is anchored exactly (see `anchorSelectors`) or
 * reported as skipped with a reason; the rest of the file still imports. Tags the codebook lacks
 * are added to it (id from the tag's URL when it is a code id, else a slug of its label). An
 * annotation identical to one the document already has (same place, codes and note) is not made
 * twice, so importing a file again is harmless. Links (`linking` annotations) are made between the
 * passages they target once those are imported.
 */
export async function importJsonLd(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: JsonLdImport,
): Promise<ImportResult> {
  const items = input.first?.items ?? input.items ?? [];
  const result: ImportResult = { imported: 0, linksImported: 0, tagsCreated: [], skipped: [] };
  const isLink = (item: JsonLdAnnotation) => asArray(item.motivation).includes("linking");
  const byDocument = new Map<string, Passage[]>();
  items.forEach((item, i) => {
    if (isLink(item)) return;
    const passage = readPassage(item, i);
    if (!passage.documentId) {
      result.skipped.push({ id: passage.key, reason: "target.unknown_document" });
      return;
    }
    const list = byDocument.get(passage.documentId) ?? [];
    list.push(passage);
    byDocument.set(passage.documentId, list);
  });

  const codebook = await Codebook.list(ctx, workspaceId);
  const known = new Set(codebook.map((t) => t.id));
  const byLabel = new Map(codebook.map((t) => [t.label.toLocaleLowerCase(), t.id]));
  // A tag without a code id is the code with its label, or a new one (slug of the label; a random
  // slug for labels without Latin letters, remembered so the rest of the file reuses it).
  const resolveTags = (tags: Passage["tags"]) =>
    tags.map((tag) => {
      const label = [...tag.label].slice(0, 80).join("").trim();
      const id = tag.id ?? byLabel.get(label.toLocaleLowerCase()) ?? Codebook.slugify(label);
      byLabel.set(label.toLocaleLowerCase(), id);
      return { id, label };
    });
  const ensureTags = async (tags: Array<{ id: string; label: string }>) => {
    for (const tag of tags) {
      if (known.has(tag.id)) continue;
      try {
        await Codebook.create(ctx, workspaceId, { id: tag.id, label: tag.label || tag.id });
        result.tagsCreated.push(tag.id);
      } catch (error) {
        if (!(error instanceof GlossError && error.kind === "conflict")) throw error;
      }
      known.add(tag.id);
    }
  };

  const imported = new Map<string, string>();
  for (const [documentId, passages] of byDocument) {
    const skipAll = (reason: string) => {
      for (const p of passages) result.skipped.push({ id: p.key, reason });
    };
    const document = await Document.get(ctx, workspaceId, documentId).catch(reasonOf);
    if (typeof document === "string") {
      skipAll(document);
      continue;
    }
    if (document.status !== "ready") {
      skipAll("document.not_ready");
      continue;
    }
    const index = new CodePointIndex(await Document.getText(ctx, workspaceId, documentId));
    const existing = await existingOf(ctx, workspaceId, documentId);
    for (const passage of passages) {
      const placed = anchorSelectors(index, passage.quote, passage.position);
      if ("reason" in placed) {
        result.skipped.push({ id: passage.key, reason: `anchor.${placed.reason}` });
        continue;
      }
      const resolved = resolveTags(passage.tags);
      const tags = [...new Set(resolved.map((t) => t.id))];
      const same = existing.get(sameKey(placed.start, placed.end, tags, passage.note));
      if (same) {
        imported.set(passage.key, same);
        result.skipped.push({ id: passage.key, reason: "annotation.already_exists" });
        continue;
      }
      const input = Annotation.CreateAnnotationInput.safeParse({
        start: placed.start,
        end: placed.end,
        exact: index.text.slice(placed.start, placed.end),
        tags,
        ...(passage.note ? { note: passage.note } : {}),
      });
      if (!input.success) {
        const issue = input.error.issues[0];
        result.skipped.push({
          id: passage.key,
          reason:
            `annotation.invalid: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
        });
        continue;
      }
      await ensureTags(resolved);
      const created = await Annotation.create(
        ctx,
        workspaceId,
        documentId,
        userId,
        input.data,
      ).catch(reasonOf);
      if (typeof created === "string") {
        result.skipped.push({ id: passage.key, reason: created });
        continue;
      }
      imported.set(passage.key, created.id);
      existing.set(sameKey(created.start, created.end, created.tags, created.note), created.id);
      result.imported++;
    }
  }

  for (const [i, item] of items.entries()) {
    if (!isLink(item)) continue;
    const key = item.id ?? `#${i}`;
    const ends = asArray(item.target)
      .map(iriOf)
      .map((iri) => (iri ? (imported.get(iri) ?? segmentAfter(iri, "annotations")) : null));
    if (ends.length !== 2 || !ends[0] || !ends[1]) {
      result.skipped.push({ id: key, reason: "link.needs_two_annotations" });
      continue;
    }
    const texts = bodies(item);
    const relation = Link.Relation.safeParse(texts.find((b) => b.purpose === "classifying")?.value);
    const note = texts.find((b) => b.purpose === "commenting")?.value;
    const input = Link.CreateLinkInput.safeParse({
      fromId: ends[0],
      toId: ends[1],
      relation: relation.success ? relation.data : "related",
      ...(note ? { note } : {}),
    });
    if (!input.success) {
      result.skipped.push({ id: key, reason: "link.invalid" });
      continue;
    }
    const created = await Link.create(ctx, workspaceId, userId, input.data).catch(reasonOf);
    if (typeof created === "string") result.skipped.push({ id: key, reason: created });
    else result.linksImported++;
  }
  return result;
}
