/**
 * Mapping of one imported annotation (Gloss, Hypothesis or Recogito JSON-LD, or Hypothesis's API
 * JSON) to a `Passage`: the document it names, its selectors, codes, note and creator. Contract:
 * pure, reads nothing from storage; an annotation Gloss cannot take says why in `refused`.
 */
import type * as Annotation from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import { PATH_SEPARATOR } from "../codebook/index.ts";
import type { PositionSelector, QuoteSelector } from "./import-anchoring.ts";
import { labelKey } from "./import-codes.ts";
import { creatorOf } from "./import-creator.ts";
import {
  asArray,
  iriOf,
  isInteger,
  isObject,
  isString,
  type Json,
  segmentAfter,
} from "./import-json.ts";
import type { JsonLdAnnotation } from "./jsonld.ts";

export interface Passage {
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
export function bodies(item: JsonLdAnnotation): BodyText[] {
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

export function readPassage(item: JsonLdAnnotation, position: number): Passage {
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
