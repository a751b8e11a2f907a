import { createHash, randomBytes } from "node:crypto";
import * as Annotation from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import { PATH_SEPARATOR } from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";
import { importedId } from "../refi/ids.ts";
import { anchorFuzzy, contextOf, MIN_EXACT_CONTEXT, UNIQUE_QUOTE_LENGTH } from "../text/index.ts";
import { type ImportResult, itemsOf, type JsonLdAnnotation, type JsonLdImport } from "./jsonld.ts";
import { CodePointIndex } from "./offsets.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const isString = (value: unknown): value is string => typeof value === "string";

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

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

/** Positions as a TextPositionSelector gives them: code points (W3C) or UTF-16 units (Recogito). */
export interface PositionSelector {
  start: number;
  end: number;
}

export type Anchoring =
  | { start: number; end: number; method: "position" | "quote" | "fuzzy" }
  | { reason: "no_selector" | "quote_not_found" | "quote_ambiguous" | "position_out_of_range" };

/** Runs of whitespace read as one space, so page whitespace and Gloss's paragraphs compare equal. */
const collapse = (text: string) => text.replace(/\s+/g, " ");

/**
 * A text with its whitespace runs collapsed to one space, and where each collapsed character came
 * from, so a match in the collapsed text maps back to the original.
 */
function collapsed(text: string): { text: string; origin: number[] } {
  const origin: number[] = [];
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) {
      origin.push(i);
      out += " ";
      while (i + 1 < text.length && /\s/.test(text[i + 1]!)) i++;
    } else {
      origin.push(i);
      out += text[i];
    }
  }
  return { text: out, origin };
}

/**
 * How much of the given context agrees around [start, end) of `text` (0…1), comparing with
 * whitespace collapsed: characters that match from the quote outwards over all given. 1 when
 * the selector gives no context.
 */
function contextAgreement(text: string, quote: QuoteSelector, start: number, end: number): number {
  const prefix = collapse(quote.prefix ?? "");
  const suffix = collapse(quote.suffix ?? "");
  const total = prefix.length + suffix.length;
  if (total === 0) return 1;
  const before = collapse(text.slice(Math.max(0, start - prefix.length * 2 - 8), start));
  const after = collapse(text.slice(end, end + suffix.length * 2 + 8));
  let p = 0;
  while (p < prefix.length && p < before.length && prefix.at(-1 - p) === before.at(-1 - p)) p++;
  let q = 0;
  while (q < suffix.length && q < after.length && suffix[q] === after[q]) q++;
  return (p + q) / total;
}

/**
 * The occurrence of `exact` in `text` whose context agrees best, or why there is none: a quote
 * found in several places whose contexts agree equally is ambiguous unless a position hint tells
 * them apart, and a short quote whose given context disagrees is not taken on its own.
 */
function bestOccurrence(
  text: string,
  exact: string,
  quote: QuoteSelector,
  hint: number | null,
): { start: number } | { reason: "quote_not_found" | "quote_ambiguous" } {
  const scored: Array<{ start: number; context: number }> = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    scored.push({ start: at, context: contextAgreement(text, quote, at, at + exact.length) });
    if (scored.length > 1000) break;
  }
  if (scored.length === 0) return { reason: "quote_not_found" };
  const best = Math.max(...scored.map((s) => s.context));
  const top = scored.filter((s) => s.context === best);
  const unique = scored.length === 1 && exact.length >= UNIQUE_QUOTE_LENGTH;
  if (best < MIN_EXACT_CONTEXT && !unique) return { reason: "quote_not_found" };
  if (top.length === 1) return top[0]!;
  if (hint === null) return { reason: "quote_ambiguous" };
  return top.reduce((a, b) => (Math.abs(b.start - hint) < Math.abs(a.start - hint) ? b : a));
}

/**
 * Places an imported passage in a text (UTF-16 offsets), from precise to fuzzy, never on the
 * wrong words:
 * 1. the position selector, read as code points (the W3C unit) and then as UTF-16 units (what
 *    Recogito writes, and JavaScript tools generally), whichever gives exactly the quote;
 * 2. the exact quote where its prefix and suffix agree best (whitespace collapsed, so a web
 *    page's line breaks and indentation compare equal to Gloss's paragraphs);
 * 3. the quote with its whitespace collapsed, for a quote whose own line breaks differ;
 * 4. re-anchoring's fuzzy step (`anchorFuzzy`), with its thresholds that lean towards no match.
 * A quote found in several equally good places with no position to choose by is refused: a
 * note on the wrong passage is worse than one not imported. Without a quote, the position alone
 * is taken (in code points, as the model defines it).
 */
export function anchorSelectors(
  index: CodePointIndex,
  quote: QuoteSelector | null,
  position: PositionSelector | null,
): Anchoring {
  const text = index.text;
  let hint: number | null = null;
  if (position && position.end > position.start) {
    const readings = [
      { start: index.toUtf16(position.start), end: index.toUtf16(position.end) },
      { start: position.start, end: position.end },
    ];
    hint = readings[0]!.start;
    if (!quote) {
      const [asCodePoints] = readings;
      if (asCodePoints!.end > text.length) return { reason: "position_out_of_range" };
      return { ...asCodePoints!, method: "position" };
    }
    for (const r of readings) {
      if (r.end <= text.length && text.slice(r.start, r.end) === quote.exact) {
        return { ...r, method: "position" };
      }
    }
  }
  if (!quote || quote.exact.length === 0) return { reason: "no_selector" };

  const exact = bestOccurrence(text, quote.exact, quote, hint);
  if ("start" in exact) {
    return { start: exact.start, end: exact.start + quote.exact.length, method: "quote" };
  }
  if (exact.reason === "quote_ambiguous") return exact;

  const loose = collapsed(text);
  const needle = collapse(quote.exact).trim();
  if (needle.length > 0 && needle !== quote.exact) {
    const looseHint = hint === null ? null : loose.origin.findIndex((o) => o >= hint!);
    const found = bestOccurrence(loose.text, needle, quote, looseHint);
    if ("start" in found) {
      const last = found.start + needle.length - 1;
      return { start: loose.origin[found.start]!, end: loose.origin[last]! + 1, method: "quote" };
    }
    if (found.reason === "quote_ambiguous") return found;
  }

  const fuzzy = anchorFuzzy(
    text,
    {
      start: hint ?? 0,
      end: (hint ?? 0) + quote.exact.length,
      exact: quote.exact,
      prefix: quote.prefix ?? "",
      suffix: quote.suffix ?? "",
    },
    hint ?? 0,
  );
  return fuzzy ? { start: fuzzy.start, end: fuzzy.end, method: "fuzzy" } : exact;
}

interface Passage {
  /** The id the file gives it (for links and for reporting), or its position in the file. */
  key: string;
  /** The IRI its target names: a Gloss document, or the web page a document was captured from. */
  sourceIri: string | null;
  quote: QuoteSelector | null;
  position: PositionSelector | null;
  /**
   * Codes by the id a Gloss tag IRI names, else by label; `parents`: the labels above the code
   * from the top of the codebook, when the body gives its `codePath` (Gloss writes it).
   */
  tags: Array<{ id: string | null; label: string; parents: string[] }>;
  note: string;
  /** Who made it in the tool it comes from, kept as attribution. */
  creator: Annotation.ImportedCreator | undefined;
  /** Why the annotation cannot be imported before looking at any document, if so. */
  refused: string | null;
}

function readSelectors(target: Json): Pick<Passage, "quote" | "position"> {
  let quote: QuoteSelector | null = null;
  let position: PositionSelector | null = null;
  // Only top-level selectors: Hypothesis's XPathSelector `refinedBy` positions count from an
  // element of the web page, not from the start of its text.
  for (const selector of asArray(target.selector)) {
    if (!isObject(selector)) continue;
    if (selector.type === "TextQuoteSelector" && typeof selector.exact === "string" && !quote) {
      quote = {
        exact: selector.exact,
        prefix: typeof selector.prefix === "string" ? selector.prefix : undefined,
        suffix: typeof selector.suffix === "string" ? selector.suffix : undefined,
      };
    }
    const { start, end } = selector;
    if (
      selector.type === "TextPositionSelector" &&
      isInteger(start) &&
      isInteger(end) &&
      start >= 0 &&
      !position
    ) {
      position = { start, end };
    }
  }
  return { quote, position };
}

/** Body purposes whose text Gloss keeps as the passage's note. */
const NOTE_PURPOSES = new Set([
  "commenting",
  "describing",
  "replying",
  "questioning",
  "assessing",
  "editing",
]);

interface BodyText {
  purpose: string;
  value: string;
  iri: string | null;
  /** A tagging body's `codePath` ("Parent › Child › Code"), as Gloss exports nested codes. */
  codePath?: string;
}

/**
 * The parents a `codePath` names above a code: its labels but the last, which is the code's own
 * (when it is not, the path describes another code and is not used).
 */
function parentsOf(codePath: string | undefined, label: string): string[] {
  if (!codePath) return [];
  const labels = codePath
    .split(PATH_SEPARATOR.trim())
    .map((l) => l.trim())
    .filter(Boolean);
  if (labels.length < 2 || labelKey(labels.at(-1)!) !== labelKey(label)) return [];
  return labels.slice(0, -1);
}

/**
 * The texts of an annotation's bodies with their purpose. A TextualBody without a purpose takes
 * the annotation's motivation, and without either is a comment: that is how Hypothesis writes
 * its note (a Markdown TextualBody, no purpose, no motivation). A SpecificResource body names its
 * resource in `source` (a code's IRI when it tags); a body given as a bare IRI is a resource
 * (`linking`). Hypothesis's API JSON gives `text` and `tags` instead of bodies.
 */
function bodies(item: JsonLdAnnotation): BodyText[] {
  const motivation = asArray(item.motivation).find(isString);
  const result: BodyText[] = [];
  for (const body of asArray(item.body)) {
    if (typeof body === "string") {
      result.push({ purpose: "", value: "", iri: body });
      continue;
    }
    if (!isObject(body)) continue;
    const purpose = asArray(body.purpose).find(isString) ?? "";
    const value = typeof body.value === "string" ? body.value : "";
    const iri = iriOf(body.source) ?? iriOf(body.id);
    const textual = typeof body.value === "string";
    result.push({
      purpose: purpose || (textual ? (motivation ?? "commenting") : ""),
      value,
      iri,
      ...(typeof body.codePath === "string" ? { codePath: body.codePath } : {}),
    });
  }
  if (typeof item.bodyValue === "string") {
    result.push({ purpose: motivation ?? "commenting", value: item.bodyValue, iri: null });
  }
  if (typeof item.text === "string")
    result.push({ purpose: "commenting", value: item.text, iri: null });
  for (const tag of asArray(item.tags)) {
    if (typeof tag === "string") result.push({ purpose: "tagging", value: tag, iri: null });
  }
  return result;
}

/** The code id a Gloss tag IRI (`…/tags/<id>`) names, if a valid id; other IRIs name none. */
function tagIdOf(iri: string | null): string | null {
  const id = iri ? segmentAfter(iri, "tags") : null;
  return id && Codebook.TagId.safeParse(id).success ? id : null;
}

function readPassage(item: JsonLdAnnotation, position: number): Passage {
  const targets = asArray(item.target);
  const target =
    targets.find((t): t is Json => isObject(t) && t.selector !== undefined) ??
    targets.find(isObject) ??
    null;
  const sourceIri =
    (target ? iriOf(target.source) : null) ??
    (typeof targets[0] === "string" ? targets[0] : null) ??
    (typeof item.uri === "string" ? item.uri : null);
  const texts = bodies(item);
  const replyTo = asArray(item.references).length > 0;
  return {
    key: item.id ?? `#${position}`,
    sourceIri,
    ...(target ? readSelectors(target) : { quote: null, position: null }),
    tags: texts
      .filter((b) => b.purpose === "tagging" && (b.value.trim() !== "" || tagIdOf(b.iri)))
      .map((b) => ({
        id: tagIdOf(b.iri),
        label: b.value.trim(),
        parents: parentsOf(b.codePath, b.value.trim()),
      })),
    note: texts
      .filter((b) => NOTE_PURPOSES.has(b.purpose) && b.value.trim() !== "")
      .map((b) => b.value)
      .join("\n\n"),
    creator: creatorOf(item),
    // A Hypothesis reply is a note on another note, with no passage of its own.
    refused: replyTo ? "annotation.reply_not_supported" : null,
  };
}

const text = (value: unknown, max: number): string | undefined =>
  typeof value === "string" && value.trim() !== ""
    ? [...value.trim()].slice(0, max).join("")
    : undefined;

/**
 * Who made an annotation in the tool it comes from: the W3C `creator` (an IRI, or an Agent with
 * `id`, `name` or `nickname`; the first of several), Hypothesis's API `user` (`acct:` id) with
 * `user_info.display_name`, else the creator of its first body that has one (Recogito puts it on
 * bodies too). The tool is told by the shapes it writes: Hypothesis's `acct:` user ids, and
 * Recogito's targets, which keep the `annotation` they belong to; otherwise none is named.
 */
function creatorOf(item: JsonLdAnnotation): Annotation.ImportedCreator | undefined {
  const agentOf = (value: unknown): { id?: string; name?: string } | undefined => {
    const agent = asArray(value)[0];
    if (typeof agent === "string") return { id: agent };
    if (!isObject(agent)) return undefined;
    const id = text(agent.id, 500);
    const name = text(agent.name, 200) ?? text(agent.nickname, 200);
    return id || name ? { ...(id ? { id } : {}), ...(name ? { name } : {}) } : undefined;
  };
  const userInfo = isObject(item.user_info) ? item.user_info : {};
  const hypothesisUser = text(item.user, 500);
  const agent =
    agentOf(item.creator) ??
    (hypothesisUser
      ? {
          id: hypothesisUser,
          ...(text(userInfo.display_name, 200) ? { name: text(userInfo.display_name, 200) } : {}),
        }
      : undefined) ??
    asArray(item.body)
      .map((b) => (isObject(b) ? agentOf(b.creator) : undefined))
      .find(Boolean);
  if (!agent) return undefined;
  const recogito = asArray(item.target).some(
    (t) => isObject(t) && typeof t.annotation === "string",
  );
  const tool = agent.id?.startsWith("acct:") ? "Hypothesis" : recogito ? "Recogito" : undefined;
  return { ...agent, ...(tool ? { tool } : {}) };
}

/** A URL as documents are matched by it: no fragment, lower-case host, no trailing slash. */
function normaliseUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    parsed.hash = "";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return null;
  }
}

/** A label as codes are matched by it: accents, case and spacing ignored. */
const labelKey = (label: string) =>
  label.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().replace(/\s+/g, " ").trim();

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

/** A document an import places passages on, read once. */
interface Target {
  documentId: string;
  textVersion: number;
  index: CodePointIndex;
  existing: Map<string, string>;
}

/**
 * Imports W3C Web Annotation JSON-LD (as Gloss, Hypothesis and Recogito write it) into a
 * workspace. A target names its document by its Gloss URL (`…/documents/<id>`) or by the web
 * page it was captured from (the document's `sourceUrl`, so annotations made on the page land on
 * the Gloss copy; the newest copy the passage anchors in wins). Each annotation is anchored
 * (see `anchorSelectors`) or reported as skipped with a reason; the rest of the file still
 * imports, and `annotations` says for each one what happened. Tags are the code a Gloss tag IRI
 * names, else the code with that label (accents, case and spacing ignored), else a new code
 * (slug of the label). An annotation identical to one the document already has (same place,
 * codes and note) is not made twice, so importing a file again is harmless. Links (`linking`
 * annotations) are made between the passages they name once those are imported: target → body
 * as Gloss writes them, or the two targets in order as older Gloss files did.
 */
export async function importJsonLd(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: JsonLdImport,
): Promise<ImportResult> {
  const items = itemsOf(input);
  const result: ImportResult = {
    imported: 0,
    linksImported: 0,
    tagsCreated: [],
    skipped: [],
    annotations: [],
  };
  const outcomes: ImportResult["annotations"] = [];
  const skip = (i: number, id: string, reason: string) => {
    result.skipped.push({ id, reason });
    outcomes[i] = { id, status: "skipped", reason };
  };
  const isLink = (item: JsonLdAnnotation) => asArray(item.motivation).includes("linking");

  const codebook = await Codebook.list(ctx, workspaceId);
  const known = new Set(codebook.map((t) => t.id));
  const byLabel = new Map(codebook.map((t) => [labelKey(t.label), t.id]));
  // A tag is the code its Gloss IRI names when the codebook has it, else the code with its label,
  // else a new code: the IRI's id, or a slug of the label (remembered for the rest of the file).
  const shortLabel = (label: string) => [...label].slice(0, 80).join("").trim();
  const resolveTags = (tags: Passage["tags"]) =>
    tags.map((tag) => {
      const label = shortLabel(tag.label) || (tag.id ?? "");
      if (tag.id && known.has(tag.id)) return { id: tag.id, label, parents: tag.parents };
      const id = byLabel.get(labelKey(label)) ?? tag.id ?? Codebook.slugify(label);
      byLabel.set(labelKey(label), id);
      return { id, label, parents: tag.parents };
    });
  // A code new to the workspace is added where its `codePath` puts it: a parent is the code with
  // that label (accents, case and spacing ignored, as tags are matched), else a new one under the
  // parent before it. A path Gloss cannot keep (too deep) leaves the code at the top.
  const createCode = async (id: string, label: string, parentId: string | null) => {
    try {
      await Codebook.create(ctx, workspaceId, { id, label: label || id, parentId });
      result.tagsCreated.push(id);
    } catch (error) {
      if (!(error instanceof GlossError && error.kind === "conflict")) throw error;
    }
    known.add(id);
  };
  // The deepest parent the codebook already has is kept where it is; only the parents below it
  // are added, so a path never duplicates or moves existing codes.
  const parentFor = async (labels: string[]): Promise<string | null> => {
    const short = labels.map(shortLabel);
    let parentId: string | null = null;
    let from = 0;
    for (let i = short.length - 1; i >= 0; i--) {
      const id = byLabel.get(labelKey(short[i]!));
      if (id && known.has(id)) {
        parentId = id;
        from = i + 1;
        break;
      }
    }
    for (const label of short.slice(from)) {
      const id = byLabel.get(labelKey(label)) ?? Codebook.slugify(label);
      byLabel.set(labelKey(label), id);
      await createCode(id, label, parentId);
      parentId = id;
    }
    return parentId;
  };
  const ensureTags = async (tags: Array<{ id: string; label: string; parents: string[] }>) => {
    for (const tag of tags) {
      if (known.has(tag.id)) continue;
      let parentId: string | null = null;
      try {
        parentId = await parentFor(tag.parents);
      } catch (error) {
        if (!(error instanceof GlossError && error.kind === "invalid")) throw error;
      }
      try {
        await createCode(tag.id, tag.label, parentId);
      } catch (error) {
        if (!(error instanceof GlossError && error.kind === "invalid") || parentId === null)
          throw error;
        await createCode(tag.id, tag.label, null);
      }
    }
  };

  // Documents by the page they were captured from, read only when a target names a web page.
  let bySourceUrl: Promise<Map<string, string[]>> | null = null;
  const documentsAt = async (url: string): Promise<string[]> => {
    bySourceUrl ??= (async () => {
      const map = new Map<string, string[]>();
      let cursor: string | undefined;
      do {
        const page = await Document.list(ctx, workspaceId, { limit: 100, cursor });
        for (const d of page.items) {
          const key = d.sourceUrl ? normaliseUrl(d.sourceUrl) : null;
          if (key) map.set(key, [...(map.get(key) ?? []), d.id]);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return map;
    })();
    const key = normaliseUrl(url);
    return key ? ((await bySourceUrl).get(key) ?? []) : [];
  };
  const targets = new Map<string, Promise<Target | string>>();
  const targetOf = (documentId: string) => {
    let target = targets.get(documentId);
    if (!target) {
      target = (async () => {
        const document = await Document.get(ctx, workspaceId, documentId).catch(reasonOf);
        if (typeof document === "string") return document;
        if (document.status !== "ready") return "document.not_ready";
        // Its passages are being moved to a new text; one written on the old text would be left behind.
        if (document.pendingVersion !== null) return "document.version_in_progress";
        const text = await Document.getText(ctx, workspaceId, documentId, document.textVersion);
        return {
          documentId,
          textVersion: document.textVersion,
          index: new CodePointIndex(text),
          existing: await existingOf(ctx, workspaceId, documentId),
        };
      })();
      targets.set(documentId, target);
    }
    return target;
  };

  // The file's digest names this import: each passage's id derives from it and the passage's
  // place in the file, so a retry after a crash writes (or completes) the same annotations.
  const digest = createHash("sha256").update(JSON.stringify(input)).digest("hex");
  const writes: Array<{ i: number; key: string; annotation: Annotation.Annotation }> = [];
  const imported = new Map<string, string>();
  for (const [i, item] of items.entries()) {
    if (isLink(item)) continue;
    const passage = readPassage(item, i);
    if (passage.refused) {
      skip(i, passage.key, passage.refused);
      continue;
    }
    const iri = passage.sourceIri;
    const named = iri
      ? (segmentAfter(iri, "documents") ?? (/^doc_[^/]+$/.test(iri) ? iri : null))
      : null;
    const candidates = named ? [named] : iri ? await documentsAt(iri) : [];
    if (candidates.length === 0) {
      skip(i, passage.key, "target.unknown_document");
      continue;
    }
    let placed: { target: Target; start: number; end: number } | null = null;
    let reason = "";
    for (const documentId of candidates) {
      const target = await targetOf(documentId);
      if (typeof target === "string") {
        reason ||= target;
        continue;
      }
      const anchoring = anchorSelectors(target.index, passage.quote, passage.position);
      if ("reason" in anchoring) {
        reason ||= `anchor.${anchoring.reason}`;
        continue;
      }
      placed = { target, start: anchoring.start, end: anchoring.end };
      break;
    }
    if (!placed) {
      skip(i, passage.key, reason);
      continue;
    }
    const { target, start, end } = placed;
    const resolved = resolveTags(passage.tags);
    const tags = [...new Set(resolved.map((t) => t.id))];
    const same = target.existing.get(sameKey(start, end, tags, passage.note));
    if (same) {
      imported.set(passage.key, same);
      skip(i, passage.key, "annotation.already_exists");
      outcomes[i]!.annotationId = same;
      continue;
    }
    const annotationInput = Annotation.CreateAnnotationInput.safeParse({
      start,
      end,
      exact: target.index.text.slice(start, end),
      tags,
      ...(passage.note ? { note: passage.note } : {}),
    });
    if (!annotationInput.success) {
      const issue = annotationInput.error.issues[0];
      skip(
        i,
        passage.key,
        `annotation.invalid: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
      );
      continue;
    }
    await ensureTags(resolved.filter((t) => tags.includes(t.id)));
    const createdBy = userId;
    const id = importedId("ann", 0, workspaceId, digest, `${i}:${passage.key}`);
    const text = target.index.text;
    const now = ctx.now().toISOString();
    writes.push({
      i,
      key: passage.key,
      annotation: {
        id,
        workspaceId,
        documentId: target.documentId,
        start,
        end,
        exact: text.slice(start, end),
        ...contextOf(text, start, end),
        tags,
        note: passage.note,
        status: "anchored",
        textVersion: target.textVersion,
        createdBy,
        createdAt: now,
        updatedAt: now,
        version: 1,
        ...(passage.creator ? { importedCreator: passage.creator } : {}),
      },
    });
    imported.set(passage.key, id);
    target.existing.set(sameKey(start, end, tags, passage.note), id);
  }
  // Every passage in one bulk write, each with its "create" history entry (annotation/bulk.ts).
  const written = await Annotation.createMany(
    ctx,
    workspaceId,
    writes.map((w) => Annotation.annotationItem(w.annotation)),
    // Unique per request: two posts of one file may run at once (see `BulkOptions.cause`).
    { cause: `jsonld.import:${digest}:${randomBytes(8).toString("hex")}`, by: userId },
  );
  for (const [n, { i, key, annotation }] of writes.entries()) {
    if (written[n] === "created" || written[n] === "created_before") {
      result.imported++;
      outcomes[i] = { id: key, status: "imported", annotationId: annotation.id };
    } else {
      skip(i, key, "annotation.already_exists");
      outcomes[i]!.annotationId = annotation.id;
    }
  }

  for (const [i, item] of items.entries()) {
    if (!isLink(item)) continue;
    const key = item.id ?? `#${i}`;
    const texts = bodies(item);
    const targetIris = asArray(item.target).map(iriOf);
    // Gloss writes the link's start as its target and its end as a body resource; older files
    // (and other tools) give both passages as targets, in order.
    const bodyEnd = texts.find((b) => b.iri && !b.value)?.iri ?? null;
    const endIris = bodyEnd && targetIris.length === 1 ? [targetIris[0]!, bodyEnd] : targetIris;
    const ends = endIris.map((iri) =>
      iri ? (imported.get(iri) ?? segmentAfter(iri, "annotations")) : null,
    );
    if (ends.length !== 2 || !ends[0] || !ends[1]) {
      skip(i, key, "link.needs_two_annotations");
      continue;
    }
    const relation = Link.Relation.safeParse(texts.find((b) => b.purpose === "classifying")?.value);
    const note = texts.find((b) => b.purpose === "commenting" && b.value)?.value;
    const linkInput = Link.CreateLinkInput.safeParse({
      fromId: ends[0],
      toId: ends[1],
      relation: relation.success ? relation.data : "related",
      ...(note ? { note } : {}),
    });
    if (!linkInput.success) {
      skip(i, key, "link.invalid");
      continue;
    }
    const created = await Link.create(ctx, workspaceId, userId, linkInput.data).catch(reasonOf);
    if (typeof created === "string") skip(i, key, created);
    else {
      result.linksImported++;
      outcomes[i] = { id: key, status: "imported", annotationId: created.id };
    }
  }
  result.annotations = outcomes.filter(Boolean);
  return result;
}
