import { z } from "zod";
import type { CodePointIndex } from "./offsets.ts";

/**
 * W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) as Gloss writes and reads
 * it. A passage is an Annotation whose target is its document (the API URL of the document) with a
 * TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector. The model counts positions
 * in Unicode code points, Gloss in UTF-16 code units: positions are converted both ways, so an
 * emoji before a passage shifts the exported start by one. Codes are `tagging` bodies (value = the
 * label, id = the code's URL, whose last segment is the code id); the note is a `commenting`
 * body. A link between passages is a separate Annotation with motivation `linking` whose two
 * targets are the linked annotations and whose `classifying` body names the relation.
 */
export const ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

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
}

export interface JsonLdNaming {
  annotationIri: (annotationId: string) => string;
  documentIri: (documentId: string) => string;
  tagIri: (tagId: string) => string;
  tagLabel: (tagId: string) => string;
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
): Record<string, unknown> {
  const body: Record<string, unknown>[] = a.tags.map((tag) => ({
    type: "TextualBody",
    purpose: "tagging",
    id: naming.tagIri(tag),
    value: naming.tagLabel(tag),
  }));
  if (a.note) {
    body.push({ type: "TextualBody", purpose: "commenting", value: a.note, format: "text/plain" });
  }
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
    creator: { type: "Person", name: naming.author(a.createdBy) },
    body,
    target: { source: naming.documentIri(a.documentId), selector },
  };
}

/** A link between two passages as a `linking` Annotation targeting both. */
export function linkAnnotation(
  link: {
    id: string;
    fromId: string;
    toId: string;
    relation: string;
    note: string;
    createdAt: string;
  },
  iri: { link: string; from: string; to: string; creator: string },
): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: "TextualBody", purpose: "classifying", value: link.relation },
  ];
  if (link.note) body.push({ type: "TextualBody", purpose: "commenting", value: link.note });
  return {
    id: iri.link,
    type: "Annotation",
    motivation: "linking",
    created: link.createdAt,
    creator: { type: "Person", name: iri.creator },
    body,
    target: [iri.from, iri.to],
  };
}

/** The opening of the AnnotationCollection, up to its first page's item list. */
export function collectionStart(meta: { id: string; label: string; generated: string }): string {
  const head = JSON.stringify({
    "@context": ANNOTATION_CONTEXT,
    id: meta.id,
    type: "AnnotationCollection",
    label: meta.label,
    generated: meta.generated,
    generator: { type: "Software", name: "Gloss" },
  });
  return `${head.slice(0, -1)},"first":{"type":"AnnotationPage","items":[\n`;
}

export const collectionEnd = "\n]}}\n";

// Import: the envelope is validated here; each annotation's selectors and bodies are read leniently
// by the importer, which reports an unusable annotation instead of refusing the whole file.

/** At most this many annotations per import: a 6 MB body holds about this many with context. */
export const MAX_IMPORT_ITEMS = 10_000;

export const JsonLdAnnotation = z
  .looseObject({
    id: z.string().max(2000).optional(),
    type: z.union([z.string(), z.array(z.string())]),
    motivation: z.union([z.string(), z.array(z.string())]).optional(),
    body: z.unknown().optional(),
    target: z.unknown(),
  })
  .refine(
    (a) => (Array.isArray(a.type) ? a.type : [a.type]).some((t) => t === "Annotation"),
    "every item must have type Annotation",
  );
export type JsonLdAnnotation = z.infer<typeof JsonLdAnnotation>;

const Items = z.array(JsonLdAnnotation).max(MAX_IMPORT_ITEMS);

export const JsonLdImport = z
  .looseObject({
    "@context": z.unknown().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    first: z.looseObject({ items: Items }).optional(),
    items: Items.optional(),
  })
  .refine(
    (c) => c.first !== undefined || c.items !== undefined,
    "an AnnotationCollection with `first.items`, or an AnnotationPage with `items`",
  )
  .meta({
    id: "JsonLdImport",
    description:
      "W3C Web Annotation JSON-LD: an AnnotationCollection whose first page is inline, or an AnnotationPage",
  });
export type JsonLdImport = z.infer<typeof JsonLdImport>;

export const ImportResult = z
  .object({
    imported: z.number().int().describe("Annotations created"),
    linksImported: z.number().int().describe("Links between passages created"),
    tagsCreated: z.array(z.string()).describe("Codes added to the codebook for unknown tags"),
    skipped: z
      .array(z.object({ id: z.string(), reason: z.string() }))
      .describe("Annotations and links not imported, with why"),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;
