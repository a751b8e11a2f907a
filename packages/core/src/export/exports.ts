import type { Annotation } from "../annotation/index.ts";
import type { AttributeTally } from "../attribute/matrix.ts";
import { describeCriteria } from "../attribute/scope.ts";
import { PATH_SEPARATOR } from "../codebook/index.ts";
import * as Link from "../link/index.ts";
import { detectLanguage } from "../text/language.ts";
import { attributeTablesHtml, attributeTally, findingsAttributesCsv } from "./attribute-columns.ts";
import type { Layout } from "./csv.ts";
import { ExtractsCsvWriter } from "./extracts-csv.ts";
import { FindingsTally, findingsCodesCsv, findingsMatrixCsv } from "./findings.ts";
import {
  collectionEnd,
  collectionStart,
  linkAnnotation,
  passageAnnotation,
  type SourceDetails,
} from "./jsonld.ts";
import { CodePointIndex } from "./offsets.ts";
import {
  codeSectionEnd,
  codeSectionStart,
  crossReferences,
  passageItem,
  type ReportLinkEnd,
  reportEnd,
  reportStart,
} from "./report.ts";
import type { DocumentMeta, ExportSource } from "./source.ts";

// Every export below is an async generator of text (or bytes) pieces: the HTTP edge sends each
// piece as it comes, so an export holds one DynamoDB page of annotations (and, for formats that
// need code point offsets, one document's text) at a time, never the whole workspace.

/** A code's path of labels from the top of the codebook; an unlisted code is its id alone. */
function pathOf(source: ExportSource): (tagId: string) => string[] {
  const paths = new Map(source.tags.map((t) => [t.id, t.path]));
  return (tagId) => paths.get(tagId) ?? [tagId];
}

function labelOf(source: ExportSource): (tagId: string) => string {
  const labels = new Map(source.tags.map((t) => [t.id, t.label]));
  return (tagId) => labels.get(tagId) ?? tagId;
}

/** extracts.csv: one row per passage × code (long) or per passage (wide). */
export async function* extractsCsv(
  source: ExportSource,
  options: { layout: Layout; bom: boolean },
): AsyncGenerator<string> {
  const path = pathOf(source);
  const writer = new ExtractsCsvWriter({
    layout: options.layout,
    definitions: source.attributes.definitions,
    tagLabel: labelOf(source),
    tagPath: (id) => path(id).join(PATH_SEPARATOR),
    authorName: (userId) => source.authorName(userId),
    passageUrl: source.urls.passage,
  });
  yield writer.header({ bom: options.bom });
  for await (const page of source.resolvedPages()) {
    const records = writer.rows(page);
    if (records) yield records;
  }
}

/** The document of each annotation of a page; annotations of a document deleted meanwhile are left out. */
async function withDocuments(
  source: ExportSource,
  page: Annotation[],
): Promise<Array<{ annotation: Annotation; document: DocumentMeta }>> {
  await source.prefetch(page);
  const result = [];
  for (const annotation of page) {
    const document = await source.document(annotation.documentId);
    if (document) result.push({ annotation, document });
  }
  return result;
}

/** Counts passages per code and per code × document, reading every coded annotation in scope once. */
async function tally(source: ExportSource, byAttribute?: AttributeTally): Promise<FindingsTally> {
  const result = new FindingsTally(source.codes);
  for await (const page of source.annotationPages({ coded: true })) {
    const kept = await withDocuments(source, page);
    result.add(
      kept.map((k) => k.annotation),
      kept.map((k) => k.document),
    );
    byAttribute?.add(kept.map((k) => k.annotation));
  }
  return result;
}

/** findings-attributes.csv: the code × attribute value matrices, a record per cell. */
export async function* findingsAttributesCsvExport(
  source: ExportSource,
  options: { bom: boolean },
): AsyncGenerator<string> {
  const byAttribute = attributeTally(source);
  const counts = await tally(source, byAttribute);
  yield findingsAttributesCsv(byAttribute.matrices(), counts.codes, options);
}

/** findings-codes.csv: passages and documents per code. */
export async function* findingsCodesCsvExport(
  source: ExportSource,
  options: { bom: boolean },
): AsyncGenerator<string> {
  yield findingsCodesCsv(await tally(source), options);
}

/** findings-matrix.csv: the code × document matrix, a record per cell. */
export async function* findingsMatrixCsvExport(
  source: ExportSource,
  options: { bom: boolean },
): AsyncGenerator<string> {
  yield findingsMatrixCsv(await tally(source), options);
}

/** What the report's header line says about the filters in force. */
async function filterNotes(source: ExportSource): Promise<string[]> {
  const { filter } = source;
  const notes: string[] = [];
  if (filter.tags) notes.push(`codes: ${source.codes.map((t) => t.label).join(", ")}`);
  if (filter.documentIds) {
    const titles = await Promise.all(
      filter.documentIds.map(async (id) => (await source.document(id))?.title ?? id),
    );
    notes.push(`documents: ${titles.join(", ")}`);
  }
  if (filter.authors)
    notes.push(`authors: ${filter.authors.map((id) => source.authorName(id)).join(", ")}`);
  if (filter.from) notes.push(`from ${filter.from}`);
  if (filter.to) notes.push(`to ${filter.to}`);
  notes.push(...describeCriteria(source.attributes));
  return notes;
}

/**
 * Rendered passages the report keeps from its counting pass, in characters (about 8 MB as
 * JavaScript strings, some 8,000 passages of usual length): most reports are then read once, and
 * a larger one never holds more than this.
 */
export const REPORT_BUFFER_CHARS = 4_000_000;

/** Where a passage of the report is: its document, page, paragraph and link. */
async function reportLinkEnd(
  source: ExportSource,
  a: Annotation,
  document: DocumentMeta,
): Promise<ReportLinkEnd> {
  return {
    annotationId: a.id,
    quote: a.exact,
    documentTitle: document.title,
    documentAuthor: document.author,
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt,
    page: await source.pageOf(a),
    paragraph: await source.paragraphOf(a),
    passageUrl: source.urls.passage(a.documentId, a.id),
  };
}

/** One passage of the report, with its citation. */
async function reportItem(source: ExportSource, a: Annotation, document: DocumentMeta) {
  return passageItem({
    ...(await reportLinkEnd(source, a, document)),
    note: a.note,
    textVersion: a.textVersion,
    textSha256: (await source.hashesOf(a.documentId, a.textVersion)).textSha256,
  });
}

/**
 * report.html: summary, heat map, then each code's passages with citations. The counts come
 * before the passages, so the annotations are read once to count them, and that pass also keeps
 * each code's rendered passages while they fit in `bufferChars`. Past that, the kept passages are
 * dropped and each code is read again on its own (one more pass per code, never more than a page
 * of passages held). The trade-off: memory in proportion to the listed passages, up to a cap, for
 * one read of the annotations instead of one per code.
 */
export async function* reportHtml(
  source: ExportSource,
  options: { generatedAt: string; bufferChars?: number },
): AsyncGenerator<string> {
  const budget = options.bufferChars ?? REPORT_BUFFER_CHARS;
  const counts = new FindingsTally(source.codes);
  const byAttribute = attributeTally(source);
  // The passages at either end of a link, as the counting pass meets them: memory in proportion
  // to the links, not the passages.
  const { links, ends } = await linkEnds(source);
  const linked = new Map<string, { annotation: Annotation; document: DocumentMeta }>();
  let kept: Map<string, string[]> | null = new Map();
  let keptChars = 0;
  for await (const page of source.annotationPages({ coded: true })) {
    const passages = await withDocuments(source, page);
    counts.add(
      passages.map((p) => p.annotation),
      passages.map((p) => p.document),
    );
    byAttribute.add(passages.map((p) => p.annotation));
    for (const p of passages) if (ends.has(p.annotation.id)) linked.set(p.annotation.id, p);
    if (!kept) continue;
    for (const { annotation, document } of passages) {
      // One string per passage, shared by the lists of its codes.
      const item = await reportItem(source, annotation, document);
      keptChars += item.length;
      if (keptChars > budget) {
        kept = null;
        break;
      }
      for (const code of annotation.tags) {
        const list = kept.get(code) ?? [];
        list.push(item);
        kept.set(code, list);
      }
    }
  }
  yield reportStart(
    {
      workspaceName: source.workspaceName,
      generatedAt: options.generatedAt,
      filters: await filterNotes(source),
    },
    counts,
  );
  yield attributeTablesHtml(byAttribute.matrices(), counts.summary());
  const descriptions = new Map(source.tags.map((t) => [t.id, t.description]));
  for (const code of counts.summary()) {
    if (code.passages === 0) continue;
    yield codeSectionStart({ ...code, description: descriptions.get(code.id) ?? "" });
    if (kept) {
      yield (kept.get(code.id) ?? []).join("");
    } else {
      for await (const page of source.annotationPages({ coded: true, tag: code.id })) {
        const items: string[] = [];
        for (const { annotation, document } of await withDocuments(source, page)) {
          items.push(await reportItem(source, annotation, document));
        }
        yield items.join("");
      }
    }
    yield codeSectionEnd;
  }
  const reported = [];
  for (const link of links) {
    const from = linked.get(link.fromId);
    const to = linked.get(link.toId);
    if (!from || !to) continue;
    reported.push({
      relation: link.relation,
      oneWay: Link.isOneWay(link.relation),
      note: link.note,
      from: await reportLinkEnd(source, from.annotation, from.document),
      to: await reportLinkEnd(source, to.annotation, to.document),
    });
  }
  yield crossReferences(reported);
  yield reportEnd;
}

/** A document's current text as the JSON-LD export uses it. */
interface ReadText {
  index: CodePointIndex;
  /** Its language (BCP 47), when detected. */
  language: string | undefined;
}

/**
 * Walks the documents in scope and their annotations in text order, with a code point index and
 * the language of each document's current text (read only when the document has annotations in
 * scope): the one stored with the document (detected at ingest or corrected by a user), else,
 * for a document stored before languages were, detected here from the text the export reads.
 */
async function* byDocument(
  source: ExportSource,
): AsyncGenerator<{ document: DocumentMeta; page: Annotation[]; text: ReadText }> {
  for await (const document of source.documents()) {
    let text: ReadText | null = null;
    for await (const page of source.annotationsOf(document.id)) {
      if (!text) {
        const content = await source.text(document.id, document.textVersion);
        text = {
          index: new CodePointIndex(content),
          language:
            document.language === undefined
              ? detectLanguage(content)
              : (document.language ?? undefined),
        };
      }
      yield { document, page, text };
    }
  }
}

/** Whether an annotation's offsets refer to its document's current text. */
const placedOn = (a: Annotation, document: DocumentMeta) =>
  a.status === "anchored" && a.textVersion === document.textVersion;

/** The ends of the workspace's links, to tell which links an export can include. */
async function linkEnds(
  source: ExportSource,
): Promise<{ links: Link.StoredLink[]; ends: Set<string> }> {
  const links = await source.allLinks();
  return { links, ends: new Set(links.flatMap((l) => [l.fromId, l.toId])) };
}

/**
 * annotations.jsonld: a W3C AnnotationCollection with its first page inline; passages document by
 * document in text order, then the links whose two passages are both in the export.
 */
export async function* annotationsJsonLd(
  source: ExportSource,
  options: { generatedAt: string },
): AsyncGenerator<string> {
  const label = labelOf(source);
  const { links, ends } = await linkEnds(source);
  const exportedEnds = new Set<string>();
  const collectionId = source.urls.api("exports", "annotations.jsonld");
  const collectionLabel = `${source.workspaceName}: annotations`;
  let total = 0;
  yield collectionStart({
    id: collectionId,
    label: collectionLabel,
    generated: options.generatedAt,
  });
  const naming = {
    annotationIri: (id: string) => source.urls.api("annotations", id),
    userIri: (id: string) => source.urls.api("members", id),
    documentIri: (id: string) => source.urls.api("documents", id),
    tagIri: (id: string) => source.urls.api("tags", id),
    tagLabel: label,
    tagPath: pathOf(source),
    author: (userId: string) => source.authorName(userId),
  };
  let separator = "";
  for await (const { document, page, text } of byDocument(source)) {
    const hashes = new Map<number, SourceDetails>();
    for (const version of new Set(page.map((a) => a.textVersion))) {
      const h = await source.hashesOf(document.id, version);
      hashes.set(version, {
        textVersion: version,
        textSha256: h.textSha256,
        sourceSha256: h.sourceSha256,
        author: document.author,
        language: text.language,
      });
    }
    const items = page.map((a) => {
      if (ends.has(a.id)) exportedEnds.add(a.id);
      return JSON.stringify(
        passageAnnotation(
          a,
          naming,
          placedOn(a, document) ? text.index : null,
          hashes.get(a.textVersion),
        ),
      );
    });
    total += items.length;
    yield separator + items.join(",\n");
    separator = ",\n";
  }
  for (const link of links) {
    if (!exportedEnds.has(link.fromId) || !exportedEnds.has(link.toId)) continue;
    const item = linkAnnotation(link, {
      link: source.urls.api("links", link.id),
      from: naming.annotationIri(link.fromId),
      to: naming.annotationIri(link.toId),
      creator: { id: naming.userIri(link.createdBy), name: source.authorName(link.createdBy) },
    });
    total++;
    yield separator + JSON.stringify(item);
    separator = ",\n";
  }
  yield collectionEnd({ id: collectionId, label: collectionLabel, total });
}

export { codebookQdc, projectQdpx } from "./refi-project.ts";
