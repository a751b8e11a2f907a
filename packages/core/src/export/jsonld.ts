import { z } from "zod";
import { PATH_SEPARATOR } from "../codebook/index.ts";
import { detectLanguage } from "../text/language.ts";
import type { CodePointIndex } from "./offsets.ts";

/**
 * W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) as Gloss writes and reads
 * it, checked against every MUST of the W3C test suite (conformance/). A passage is an Annotation
 * whose target is its document (the API URL of the document) with a TextQuoteSelector (exact,
 * prefix, suffix) and a TextPositionSelector. The model counts positions in Unicode code points,
 * Gloss in UTF-16 code units: positions are converted both ways, so an emoji before a passage
 * shifts the exported start by one. Codes are `tagging` TextualBodies whose value is the label,
 * as Hypothesis and Recogito write tags: without an `id`, since a body with an `id` is an External
 * Web Resource, which may not carry a `purpose`. The note is a `commenting` body. A link between
 * passages is a separate `linking` Annotation read the model's way: its target is the passage the
 * link starts from, its body the passage it points to (by IRI) and a `classifying` TextualBody
 * naming the relation, so the direction survives RDF, where a list of targets is an unordered set.
 * `language` (BCP 47) is given where Gloss knows it (text/language.ts): on a note's body,
 * detected from the note, and on the target's source, the document's stored language (detected
 * at ingest, or corrected by a user); a tagging body (a code's label) has none, and short or
 * mixed text has none rather than a guess.
 */
export const ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

/**
 * The terms Gloss adds to a target's source (the hashes of the version a passage was cut from),
 * as full IRIs, so a JSON-LD processor keeps them instead of dropping unknown keys. URNs, not
 * URLs: nothing needs fetching (exports work offline) and the terms are the same from every
 * deployment. The W3C model allows the annotation context followed by more, in an array.
 */
export const GLOSS_TERMS = {
  textVersion: {
    "@id": "urn:gloss:terms:textVersion",
    "@type": "http://www.w3.org/2001/XMLSchema#integer",
  },
  textSha256: { "@id": "urn:gloss:terms:textSha256" },
  sourceSha256: { "@id": "urn:gloss:terms:sourceSha256" },
} as const;

/** The export's `@context`: the Web Annotation context, then Gloss's terms. */
export const EXPORT_CONTEXT = [ANNOTATION_CONTEXT, GLOSS_TERMS];

export interface JsonLdPassage {
  id: string;
  documentId: string;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  tags: string[];
  note: string;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Who made it in the tool it was imported from. */
  importedCreator?: { id?: string | undefined; name?: string | undefined } | undefined;
}

/** An IRI as JSON-LD reads one: a scheme (`acct:`, `mailto:`, `https:`…) and more. */
const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/**
 * The creators of a passage: the member who made or imported it (who owns it in Gloss), then,
 * for an imported one, who made it in the other tool (its id only when it is an IRI, as a REFI-QDA
 * user's GUID is not).
 */
function creatorsOf(a: JsonLdPassage, naming: JsonLdNaming): Record<string, unknown> | unknown[] {
  const member = {
    id: naming.userIri(a.createdBy),
    type: "Person",
    name: naming.author(a.createdBy),
  };
  const imported = a.importedCreator;
  if (!imported || (!imported.id && !imported.name)) return member;
  return [
    member,
    {
      ...(imported.id && IRI.test(imported.id) ? { id: imported.id } : {}),
      type: "Person",
      ...(imported.name ? { name: imported.name } : {}),
    },
  ];
}

/** The stored version an annotation's offsets refer to, with its hashes. */
export interface SourceDetails {
  textVersion: number;
  textSha256: string;
  sourceSha256: string;
  /** The document's author (a person or an organisation), its source's creator. */
  author?: string | null;
  /** The document's language (BCP 47), when known. */
  language?: string | undefined;
}

/** A note as a `commenting` TextualBody, with its language when detected. */
function noteBody(note: string): Record<string, unknown> {
  const language = detectLanguage(note);
  return {
    type: "TextualBody",
    purpose: "commenting",
    value: note,
    format: "text/plain",
    ...(language ? { language } : {}),
  };
}

export interface JsonLdNaming {
  annotationIri: (annotationId: string) => string;
  /** The IRI that identifies a member as creator. */
  userIri: (userId: string) => string;
  documentIri: (documentId: string) => string;
  tagIri: (tagId: string) => string;
  tagLabel: (tagId: string) => string;
  /** Labels from the top of the codebook down to the code (itself last). */
  tagPath?: (tagId: string) => string[];
  author: (userId: string) => string;
}

/**
 * One passage as a W3C Annotation. `index` converts the offsets of the document's current text; an
 * orphaned annotation (its offsets refer to an older text) gets only its TextQuoteSelector.
 */
export function passageAnnotation(
  a: JsonLdPassage,
  naming: JsonLdNaming,
  index: CodePointIndex | null,
  /** The text version's hashes: the target's source is then described, not only named. */
  details?: SourceDetails,
): Record<string, unknown> {
  const body: Record<string, unknown>[] = a.tags.map((tag) => {
    const path = naming.tagPath?.(tag) ?? [];
    return {
      type: "TextualBody",
      purpose: "tagging",
      value: naming.tagLabel(tag),
      format: "text/plain",
      // A nested code's place, readable as plain JSON; the value stays the label that Hypothesis
      // and Recogito show as the tag. The code's IRI (GET …/tags/{id}) describes it too.
      ...(path.length > 1 ? { codePath: path.join(PATH_SEPARATOR) } : {}),
    };
  });
  if (a.note) body.push(noteBody(a.note));
  const selector: Record<string, unknown>[] = [
    { type: "TextQuoteSelector", exact: a.exact, prefix: a.prefix, suffix: a.suffix },
  ];
  if (index && a.status === "anchored") {
    selector.push({
      type: "TextPositionSelector",
      start: index.toCodePoint(a.start),
      end: index.toCodePoint(a.end),
    });
  }
  return {
    id: naming.annotationIri(a.id),
    type: "Annotation",
    motivation: a.note ? "commenting" : "tagging",
    created: a.createdAt,
    modified: a.updatedAt,
    creator: creatorsOf(a, naming),
    body,
    target: details
      ? {
          source: {
            id: naming.documentIri(a.documentId),
            type: "Text",
            format: "text/plain",
            textVersion: details.textVersion,
            textSha256: details.textSha256,
            ...(details.sourceSha256 ? { sourceSha256: details.sourceSha256 } : {}),
            ...(details.language ? { language: details.language } : {}),
            // An agent without a type: an author may be a person or an organisation.
            ...(details.author ? { creator: { name: details.author } } : {}),
          },
          selector,
        }
      : { source: naming.documentIri(a.documentId), selector },
  };
}

/**
 * A link between two passages as a `linking` Annotation: target the passage it starts from, body
 * the passage it points to and the relation (`corroborates`, …) as a `classifying` TextualBody.
 */
export function linkAnnotation(
  link: {
    id: string;
    fromId: string;
    toId: string;
    relation: string;
    note: string;
    createdAt: string;
  },
  iri: { link: string; from: string; to: string; creator: { id: string; name: string } },
): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { id: iri.to },
    { type: "TextualBody", purpose: "classifying", value: link.relation, format: "text/plain" },
  ];
  if (link.note) body.push(noteBody(link.note));
  return {
    id: iri.link,
    type: "Annotation",
    motivation: "linking",
    created: link.createdAt,
    creator: { id: iri.creator.id, type: "Person", name: iri.creator.name },
    body,
    target: iri.from,
  };
}

/** The IRI of the collection's one page. */
export const pageIri = (collectionIri: string) => `${collectionIri}#page-1`;

/**
 * The opening of the AnnotationCollection, up to its first page's item list. The page is the
 * whole export (one page, so `last` is `first`). The collection's `total` and the page's
 * `partOf` (the collection described as an object with its id, label and total, the form the
 * model's examples and the W3C suite use) follow the items, since a streamed export knows the
 * total only at the end; JSON keys have no order.
 */
export function collectionStart(meta: { id: string; label: string; generated: string }): string {
  const head = JSON.stringify({
    "@context": EXPORT_CONTEXT,
    id: meta.id,
    type: "AnnotationCollection",
    label: meta.label,
    generated: meta.generated,
    generator: { type: "Software", name: "Gloss" },
  });
  const page = JSON.stringify({ id: pageIri(meta.id), type: "AnnotationPage", startIndex: 0 });
  return `${head.slice(0, -1)},"first":${page.slice(0, -1)},"items":[\n`;
}

/** The end of the collection, once its `total` items have been written. */
export function collectionEnd(meta: { id: string; label: string; total: number }): string {
  const partOf = JSON.stringify({ id: meta.id, label: meta.label, total: meta.total });
  return `\n],"partOf":${partOf}},"last":${JSON.stringify(pageIri(meta.id))},"total":${meta.total}}\n`;
}

// Import: the envelope is validated here; each annotation's selectors and bodies are read leniently
// by the importer, which reports an unusable annotation instead of refusing the whole file.

/** At most this many annotations per import: a 6 MB body holds about this many with context. */
export const MAX_IMPORT_ITEMS = 10_000;

/**
 * One annotation as other tools write it, read leniently (the importer reports what it cannot
 * use): a W3C Annotation (`type` includes "Annotation"), or Hypothesis's API JSON, which has no
 * `type` but a `target` and `text`/`tags`/`uri`. Anything with another type is not an annotation.
 */
export const JsonLdAnnotation = z
  .looseObject({
    id: z.string().max(2000).optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    motivation: z.union([z.string(), z.array(z.string())]).optional(),
    body: z.unknown().optional(),
    target: z.unknown(),
  })
  .refine(
    (a) =>
      a.type === undefined
        ? a.target !== undefined
        : (Array.isArray(a.type) ? a.type : [a.type]).includes("Annotation"),
    "every item must be an Annotation (type Annotation, or Hypothesis's JSON with a target)",
  );
export type JsonLdAnnotation = z.infer<typeof JsonLdAnnotation>;

const Items = z.array(JsonLdAnnotation).max(MAX_IMPORT_ITEMS);

/** The envelopes an import accepts, as the importer reads them. */
const Envelope = z
  .looseObject({
    "@context": z.unknown().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    first: z.looseObject({ items: Items }).optional(),
    items: Items.optional(),
    rows: Items.optional(),
    target: z.unknown().optional(),
  })
  .refine(
    (c) =>
      c.first !== undefined ||
      c.items !== undefined ||
      c.rows !== undefined ||
      c.target !== undefined,
    "an AnnotationCollection with `first.items`, an AnnotationPage with `items`, Hypothesis's search result (`rows`) or one Annotation",
  );

export const JsonLdImport = z.union([Items, Envelope]).meta({
  id: "JsonLdImport",
  description:
    "W3C Web Annotation JSON-LD as Gloss, Hypothesis and Recogito write it: an AnnotationCollection whose first page is inline, an AnnotationPage, a bare array of annotations, one annotation, or Hypothesis's API search result `{total, rows}`",
  example: {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    body: [
      { type: "TextualBody", value: "Broker named in two sources", format: "text/markdown" },
      { type: "TextualBody", value: "Forced labour", purpose: "tagging" },
    ],
    target: [
      {
        source: "https://news.example.org/scam-compounds",
        selector: [
          {
            type: "TextQuoteSelector",
            exact: "took their passports",
            prefix: "the broker ",
            suffix: ".",
          },
        ],
      },
    ],
  },
});
export type JsonLdImport = z.infer<typeof JsonLdImport>;

/** The annotations of an import, whatever its envelope. */
export function itemsOf(input: JsonLdImport): JsonLdAnnotation[] {
  if (Array.isArray(input)) return input;
  const listed = input.first?.items ?? input.items ?? input.rows;
  if (listed) return listed;
  const single = JsonLdAnnotation.safeParse(input);
  return single.success ? [single.data] : [];
}

export const ImportOutcome = z.object({
  id: z.string().describe("The annotation's id in the file, or #<position> when it has none"),
  status: z.enum(["imported", "skipped"]),
  reason: z.string().optional().describe("Why it was skipped, as a dotted code with detail"),
  annotationId: z
    .string()
    .optional()
    .describe("The Gloss annotation (or link) it became or matched"),
});

export const ImportResult = z
  .object({
    imported: z.number().int().describe("Annotations created"),
    linksImported: z.number().int().describe("Links between passages created"),
    tagsCreated: z.array(z.string()).describe("Codes added to the codebook for unknown tags"),
    skipped: z
      .array(z.object({ id: z.string(), reason: z.string() }))
      .describe("Annotations and links not imported, with why"),
    annotations: z
      .array(ImportOutcome)
      .describe("Every annotation of the file, in file order: imported or skipped, and why"),
  })
  .meta({
    id: "ImportResult",
    example: {
      imported: 1,
      linksImported: 0,
      tagsCreated: [],
      skipped: [{ id: "#1", reason: "anchor.quote_not_found" }],
      annotations: [
        {
          id: "urn:x-hypothesis:a1",
          status: "imported",
          annotationId: "ann_01JD0000000000000000000000",
        },
        { id: "#1", status: "skipped", reason: "anchor.quote_not_found" },
      ],
    },
  });
export type ImportResult = z.infer<typeof ImportResult>;
