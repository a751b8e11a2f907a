/**
 * The JSON-LD import run: reads a file's annotations, places each on a document, writes them in
 * one bulk write and then makes the links between them. The mappers it uses: `import-passage.ts`
 * (the file's shapes), `import-anchoring.ts` (selectors), `import-codes.ts` (codes) and
 * `import-targets.ts` (documents). Contract in `importJsonLd`.
 */
import { createHash, randomBytes } from "node:crypto";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Link from "../link/index.ts";
import { importedId } from "../refi/ids.ts";
import { contextOf } from "../text/index.ts";
import { anchorSelectors } from "./import-anchoring.ts";
import { codeResolver } from "./import-codes.ts";
import { asArray, iriOf, segmentAfter } from "./import-json.ts";
import { bodies, readPassage } from "./import-passage.ts";
import { reasonOf, sameKey, type Target, targetResolver } from "./import-targets.ts";
import { type ImportResult, itemsOf, type JsonLdAnnotation, type JsonLdImport } from "./jsonld.ts";

export {
  type Anchoring,
  anchorSelectors,
  type PositionSelector,
  type QuoteSelector,
} from "./import-anchoring.ts";

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

  const { resolveTags, ensureTags } = await codeResolver(ctx, workspaceId, result.tagsCreated);
  const { documentsAt, targetOf } = targetResolver(ctx, workspaceId);

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
