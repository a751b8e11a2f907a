import type { Attribute } from "../attribute/schema.ts";
import { documentCells, documentColumns } from "./attribute-columns.ts";
import { csvField, csvText, EXTRACT_COLUMNS, type Layout, LIST_SEPARATOR } from "./csv.ts";
import type { DocumentMeta, ResolvedPassage } from "./source.ts";

/** A document's cells, formatted once: before the annotation id, at the end, per text version. */
interface DocumentCells {
  head: string;
  tail: string;
  /** The passage URL up to the annotation id; null when it must be formatted per cell. */
  url: string | null;
  /** source_sha256 and text_sha256 by text version. */
  versions: Map<number, string>;
}

/** What the extracts writer needs besides the passages: names, codes, links. */
export interface ExtractsNaming {
  layout: Layout;
  definitions: Attribute[];
  tagLabel: (tagId: string) => string;
  /** A code's path of labels joined by " › ". */
  tagPath: (tagId: string) => string;
  authorName: (userId: string) => string;
  passageUrl: (documentId: string, annotationId: string) => string;
}

/**
 * extracts.csv, written a page of resolved passages at a time (`ExportSource.resolvedPages`),
 * synchronously: the same records as one `csvText` call per row, at several times the speed.
 * Where the work goes, cell by cell:
 * - every cell that can hold user text is neutralised and quoted by `csvField`, the one rule of
 *   every Gloss CSV: quote, prefix, suffix, note, linked quotes, titles, URLs, dates (a restored
 *   backup may hold any string up to 40 characters there), code labels and paths, code ids,
 *   names, the document's author and attribute values, the imported creator;
 * - cells safe by construction are written as they are: document and annotation ids (Gloss makes
 *   them: a prefix, "_" and Crockford base32), the numbers, the status enum, link relations (an
 *   enum) and the linked ids joined by "; ", hashes (hex or empty);
 * - what many rows share is formatted once: a document's cells, a version's hashes, a code's
 *   cells, a member's name, the passage URL up to the annotation id (checked once per document:
 *   should an origin ever need quoting, its URLs take the per-cell path).
 * A passage with several codes (long layout) repeats its formatted cells in each record.
 */
export class ExtractsCsvWriter {
  private documents = new Map<string, DocumentCells>();
  private codeCells = new Map<string, string>();
  private authors = new Map<string, string>();

  constructor(private readonly naming: ExtractsNaming) {}

  /** The header record (after a byte order mark when asked). */
  header(options: { bom: boolean }): string {
    return csvText([[...EXTRACT_COLUMNS, ...documentColumns(this.naming.definitions)]], options);
  }

  /** The records of a page of passages, CRLF-terminated; "" when the page has none. */
  rows(page: readonly ResolvedPassage[]): string {
    let out = "";
    const wide = this.naming.layout === "wide";
    for (const row of page) {
      const a = row.annotation;
      const doc = this.documentCells(row.document);
      const version = doc.versions.get(a.textVersion) ?? this.versionCells(doc, row);
      const url =
        doc.url === null ? csvField(this.naming.passageUrl(a.documentId, a.id)) : doc.url + a.id;
      const created = csvField(a.createdAt);
      const imported = a.importedCreator;
      const passage =
        `${csvField(a.exact)},${csvField(a.prefix)},${csvField(a.suffix)},${a.start},${a.end},` +
        `${row.page ?? ""},${csvField(a.note)},${this.author(a.createdBy)},${created},` +
        `${a.updatedAt === a.createdAt ? created : csvField(a.updatedAt)},${a.status},` +
        `${a.textVersion},${url},${this.linkedCells(row)},${version},` +
        `${csvField(imported?.id ?? "")},${csvField(imported?.name ?? "")}`;
      const before = `${doc.head},${a.id},`;
      const after = `,${passage}${doc.tail}\r\n`;
      if (wide) {
        out += before + this.wideCodeCells(a.tags) + after;
      } else if (a.tags.length === 0) {
        out += `${before},,${after}`;
      } else {
        for (const tag of a.tags) out += before + this.longCodeCells(tag) + after;
      }
    }
    return out;
  }

  /** A document's leading cells (id, title, URL, date), trailing ones (author, attributes), URL prefix. */
  private documentCells(document: DocumentMeta): DocumentCells {
    let cells = this.documents.get(document.id);
    if (!cells) {
      const prefix = this.naming.passageUrl(document.id, "");
      const tail = documentCells(this.naming.definitions, document)
        .map((cell) => `,${csvField(cell)}`)
        .join("");
      cells = {
        versions: new Map(),
        head: `${document.id},${csvField(document.title)},${csvField(document.sourceUrl ?? "")},${csvField(document.publishedAt ?? "")}`,
        tail,
        url: csvField(prefix) === prefix ? prefix : null,
      };
      this.documents.set(document.id, cells);
    }
    return cells;
  }

  /** The hashes of a passage's text version, formatted once per version. */
  private versionCells(document: DocumentCells, row: ResolvedPassage): string {
    const cells = `${csvField(row.hashes.sourceSha256)},${csvField(row.hashes.textSha256)}`;
    document.versions.set(row.annotation.textVersion, cells);
    return cells;
  }

  private author(userId: string): string {
    let cell = this.authors.get(userId);
    if (cell === undefined) {
      cell = csvField(this.naming.authorName(userId));
      this.authors.set(userId, cell);
    }
    return cell;
  }

  /** code, code_label, code_path of one code. */
  private longCodeCells(tagId: string): string {
    let cells = this.codeCells.get(tagId);
    if (cells === undefined) {
      cells = `${csvField(tagId)},${csvField(this.naming.tagLabel(tagId))},${csvField(this.naming.tagPath(tagId))}`;
      this.codeCells.set(tagId, cells);
    }
    return cells;
  }

  /** The same three cells with every code of a passage joined by "; " (wide layout). */
  private wideCodeCells(tags: readonly string[]): string {
    const key = `\u0000${tags.join("\u0000")}`;
    let cells = this.codeCells.get(key);
    if (cells === undefined) {
      cells = `${csvField(tags.join(LIST_SEPARATOR))},${csvField(tags.map(this.naming.tagLabel).join(LIST_SEPARATOR))},${csvField(tags.map(this.naming.tagPath).join(LIST_SEPARATOR))}`;
      this.codeCells.set(key, cells);
    }
    return cells;
  }

  /** linked_annotation_ids, linked_relations (both safe: ids and an enum), linked_quotes. */
  private linkedCells(row: ResolvedPassage): string {
    const linked = row.linked;
    if (linked.length === 0) return ",,";
    return (
      `${linked.map((l) => l.annotationId).join(LIST_SEPARATOR)},` +
      `${linked.map((l) => l.relation).join(LIST_SEPARATOR)},` +
      // Quotes may contain "; " themselves: one per line keeps them apart.
      csvField(linked.map((l) => l.exact).join("\n"))
    );
  }
}
