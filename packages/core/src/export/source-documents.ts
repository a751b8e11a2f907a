/**
 * What an export reads of documents, cached per export: metadata, page and paragraph starts,
 * canonical texts and version hashes. Contract: each is read once per document (or version);
 * memory grows with the documents an export touches, never with the annotations.
 */
import type * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Provenance from "../provenance/index.ts";
import type { DocumentMeta, VersionHashes } from "./source-types.ts";

type Passage = Annotation.Annotation;

export class DocumentReader {
  private documentCache = new Map<string, Promise<DocumentMeta | null>>();
  private pagesCache = new Map<string, Promise<number[] | null>>();
  private paragraphsCache = new Map<string, Promise<number[] | null>>();
  private hashCache = new Map<string, Promise<VersionHashes>>();

  constructor(
    readonly ctx: Context,
    readonly workspaceId: string,
  ) {}

  /** Caches metadata read another way (a listing of the workspace's documents). */
  remember(meta: DocumentMeta): void {
    this.documentCache.set(meta.id, Promise.resolve(meta));
  }

  /** A document's metadata (cached); null when it was deleted meanwhile. */
  document(documentId: string): Promise<DocumentMeta | null> {
    let meta = this.documentCache.get(documentId);
    if (!meta) {
      meta = Document.get(this.ctx, this.workspaceId, documentId).then(toMeta, (error) => {
        if (error instanceof GlossError && error.kind === "not_found") return null;
        throw error;
      });
      this.documentCache.set(documentId, meta);
    }
    return meta;
  }

  /** The canonical text of a document version. */
  text(documentId: string, version: number): Promise<string> {
    return Document.getText(this.ctx, this.workspaceId, documentId, version);
  }

  /** The page (1-based) of an annotation's start, when its source has pages (PDF). */
  async pageOf(annotation: Passage): Promise<number | null> {
    return Document.pageAt(
      await this.pageStartsOf(annotation.documentId, annotation.textVersion),
      annotation.start,
    );
  }

  /** Where each page of a text version starts (cached); null for texts without pages. */
  async pageStartsOf(documentId: string, version: number): Promise<number[] | null> {
    const key = `${documentId}#${version}`;
    let pages = this.pagesCache.get(key);
    if (!pages) {
      // Most texts have no pages (only PDFs do): skip the S3 read when the document says so.
      const document = await this.document(documentId);
      if (document && document.textVersion === version && !document.pageCount) return null;
      pages = Document.getPages(this.ctx, this.workspaceId, documentId, version).then(
        (p) => p.pageStarts,
        () => null,
      );
      this.pagesCache.set(key, pages);
    }
    return pages;
  }

  /**
   * The paragraph (1-based) of an annotation's start in its text version, paragraphs being
   * separated by a blank line as in canonical text; null when that text cannot be read. Each
   * version's text is read once and only its paragraph starts are kept.
   */
  async paragraphOf(annotation: Passage): Promise<number | null> {
    const key = `${annotation.documentId}#${annotation.textVersion}`;
    let starts = this.paragraphsCache.get(key);
    if (!starts) {
      starts = this.text(annotation.documentId, annotation.textVersion).then(
        (text) => {
          const result = [0];
          for (let at = text.indexOf("\n\n"); at !== -1; at = text.indexOf("\n\n", at + 2)) {
            let next = at + 2;
            while (text[next] === "\n") next++;
            result.push(next);
          }
          return result;
        },
        () => null,
      );
      this.paragraphsCache.set(key, starts);
    }
    const list = await starts;
    if (!list) return null;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]! <= annotation.start) low = mid + 1;
      else high = mid;
    }
    return Math.max(1, low);
  }

  /**
   * The SHA-256 hashes of a document version's stored text and original (cached per version),
   * recorded when stored, or taken once from the stored objects for versions older than hashing.
   * Empty strings when the version cannot be read.
   */
  hashesOf(documentId: string, version: number): Promise<VersionHashes> {
    const key = `${documentId}#${version}`;
    let hashes = this.hashCache.get(key);
    if (!hashes) {
      hashes = Provenance.ofVersion(this.ctx, this.workspaceId, documentId, version).then(
        (p) => ({ textSha256: p?.textSha256 ?? "", sourceSha256: p?.sourceSha256 ?? "" }),
        () => ({ textSha256: "", sourceSha256: "" }),
      );
      this.hashCache.set(key, hashes);
    }
    return hashes;
  }
}

/** A document as exports cite it. */
export function toMeta(document: Document.Document): DocumentMeta {
  return {
    id: document.id,
    title: document.title,
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt,
    author: document.author,
    attributes: document.attributes,
    textVersion: document.textVersion,
    pageCount: document.pageCount ?? null,
    language: document.languageSource ? document.language : undefined,
    ready: document.status === "ready",
    createdBy: document.createdBy,
    createdAt: document.createdAt,
  };
}
