import * as Annotation from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";
import * as Workspace from "../workspace/index.ts";

/** Annotations read per DynamoDB page: the most a page may hold, so few round trips. */
const PAGE_SIZE = 500;

/** What an export covers and how its links are written. */
export interface ExportScope {
  workspaceId: string;
  /** Only annotations with this code. */
  tag?: string | undefined;
  /** Only annotations of this document. */
  documentId?: string | undefined;
  /** The request's origin (`https://gloss.example.org`), or "" for relative links. */
  origin: string;
}

/** The document fields exports cite. */
export interface DocumentMeta {
  id: string;
  title: string;
  sourceUrl: string | null;
  publishedAt: string | null;
  author: string | null;
  textVersion: number;
  ready: boolean;
  createdBy: string;
  createdAt: string;
}

/** The other end of a link, as an extract row shows it. */
export interface LinkedPassage {
  annotationId: string;
  relation: Link.Relation;
  exact: string;
}

type Passage = Annotation.Annotation;
type Tag = Codebook.Tag;

/** Who wrote an annotation when they are no longer a member (never an email). */
export const FORMER_MEMBER = "Former member";

/**
 * Everything an export reads, scoped to one workspace and its filters. Annotations are read page by
 * page (never all at once); per-document metadata and page offsets are cached, which costs memory
 * in proportion to the documents, not the annotations. The codebook, members and link ids are
 * read whole: they are small next to the annotations.
 */
export class ExportSource {
  workspaceName = "";
  tags: Tag[] = [];
  private members = new Map<string, string>();
  private documentCache = new Map<string, Promise<DocumentMeta | null>>();
  private pagesCache = new Map<string, Promise<number[] | null>>();
  private linkIndex: Promise<Map<string, Link.StoredLink[]>> | null = null;

  constructor(
    readonly ctx: Context,
    readonly scope: ExportScope,
  ) {}

  /** Reads the workspace, codebook and members, and refuses an unknown document or code (404). */
  async prepare(): Promise<this> {
    const { ctx, scope } = this;
    const [workspace, tags, members] = await Promise.all([
      Workspace.get(ctx, scope.workspaceId, "viewer"),
      Codebook.list(ctx, scope.workspaceId),
      Workspace.listMembers(ctx, scope.workspaceId),
    ]);
    this.workspaceName = workspace.name;
    this.tags = tags;
    this.members = new Map(members.map((m) => [m.userId, m.name]));
    if (scope.tag && !tags.some((t) => t.id === scope.tag)) {
      throw new GlossError(
        "not_found",
        "tag.not_found",
        `no code "${scope.tag}" in this workspace`,
      );
    }
    if (scope.documentId) await Document.get(ctx, scope.workspaceId, scope.documentId);
    return this;
  }

  /** Codes in scope: the filtered one, or the whole codebook. */
  get codes(): Tag[] {
    return this.scope.tag ? this.tags.filter((t) => t.id === this.scope.tag) : this.tags;
  }

  /** A member's display name; never their email. */
  authorName(userId: string): string {
    const name = this.members.get(userId);
    if (!name || name.includes("@")) return FORMER_MEMBER;
    return name;
  }

  /** Members as (id, name), for formats that list users. */
  memberList(): Array<{ id: string; name: string }> {
    return [...this.members.keys()].map((id) => ({ id, name: this.authorName(id) }));
  }

  /**
   * Annotations in scope, a DynamoDB page at a time (creation order; text order for one document),
   * optionally of one code only.
   */
  async *annotationPages(options: { tag?: string } = {}): AsyncGenerator<Passage[]> {
    let cursor: string | undefined;
    do {
      const page = await Annotation.listByWorkspace(this.ctx, this.scope.workspaceId, {
        tag: options.tag ?? this.scope.tag,
        documentId: this.scope.documentId,
        limit: PAGE_SIZE,
        cursor,
      });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Documents in scope whose text can be read, newest first (the filtered one alone). */
  async *documents(): AsyncGenerator<DocumentMeta> {
    if (this.scope.documentId) {
      const meta = await this.document(this.scope.documentId);
      if (meta?.ready) yield meta;
      return;
    }
    let cursor: string | undefined;
    do {
      const page = await Document.list(this.ctx, this.scope.workspaceId, {
        limit: PAGE_SIZE,
        cursor,
      });
      for (const document of page.items) {
        const meta = toMeta(document);
        this.documentCache.set(meta.id, Promise.resolve(meta));
        if (meta.ready) yield meta;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Annotations in scope of one document, a page at a time, in text order. */
  async *annotationsOf(documentId: string): AsyncGenerator<Passage[]> {
    let cursor: string | undefined;
    do {
      const page = await Annotation.listByDocument(this.ctx, this.scope.workspaceId, documentId, {
        tag: this.scope.tag,
        limit: PAGE_SIZE,
        cursor,
      });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** A document's metadata (cached); null when it was deleted meanwhile. */
  document(documentId: string): Promise<DocumentMeta | null> {
    let meta = this.documentCache.get(documentId);
    if (!meta) {
      meta = Document.get(this.ctx, this.scope.workspaceId, documentId).then(toMeta, (error) => {
        if (error instanceof GlossError && error.kind === "not_found") return null;
        throw error;
      });
      this.documentCache.set(documentId, meta);
    }
    return meta;
  }

  /** The canonical text of a document version. */
  text(documentId: string, version: number): Promise<string> {
    return Document.getText(this.ctx, this.scope.workspaceId, documentId, version);
  }

  /** The page (1-based) of an annotation's start, when its source has pages (PDF). */
  async pageOf(annotation: Passage): Promise<number | null> {
    const key = `${annotation.documentId}#${annotation.textVersion}`;
    let pages = this.pagesCache.get(key);
    if (!pages) {
      pages = Document.getPages(
        this.ctx,
        this.scope.workspaceId,
        annotation.documentId,
        annotation.textVersion,
      ).then(
        (p) => p.pageStarts,
        () => null,
      );
      this.pagesCache.set(key, pages);
    }
    return Document.pageAt(await pages, annotation.start);
  }

  /** Links of the workspace by annotation id (either end). */
  private links(): Promise<Map<string, Link.StoredLink[]>> {
    this.linkIndex ??= Link.listAll(this.ctx, this.scope.workspaceId).then((links) => {
      const index = new Map<string, Link.StoredLink[]>();
      for (const link of links) {
        for (const end of [link.fromId, link.toId]) {
          const list = index.get(end) ?? [];
          list.push(link);
          index.set(end, list);
        }
      }
      return index;
    });
    return this.linkIndex;
  }

  /** Every link of the workspace, once each, in creation order. */
  async allLinks(): Promise<Link.StoredLink[]> {
    const unique = new Map<string, Link.StoredLink>();
    for (const list of (await this.links()).values()) for (const l of list) unique.set(l.id, l);
    return [...unique.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The passages linked to each annotation of a page, with their quotes (links to deleted ends left out). */
  async linkedPassages(annotations: Passage[]): Promise<Map<string, LinkedPassage[]>> {
    const index = await this.links();
    const touching = new Map<string, Link.StoredLink>();
    for (const a of annotations) for (const l of index.get(a.id) ?? []) touching.set(l.id, l);
    const result = new Map<string, LinkedPassage[]>();
    if (touching.size === 0) return result;
    const inPage = new Set(annotations.map((a) => a.id));
    const joined = await Link.withEnds(this.ctx, this.scope.workspaceId, [...touching.values()]);
    for (const link of joined) {
      for (const [here, there] of [
        [link.from, link.to],
        [link.to, link.from],
      ] as const) {
        if (!inPage.has(here.annotationId)) continue;
        const list = result.get(here.annotationId) ?? [];
        list.push({
          annotationId: there.annotationId,
          relation: link.relation,
          exact: there.exact,
        });
        result.set(here.annotationId, list);
      }
    }
    return result;
  }

  /** Links on the origin of the request, or relative when it is unknown. */
  readonly urls = {
    passage: (documentId: string, annotationId: string) =>
      `${this.scope.origin}/d/${encodeURIComponent(documentId)}#ann=${encodeURIComponent(annotationId)}`,
    api: (...parts: string[]) =>
      `${this.scope.origin}/api/workspaces/${encodeURIComponent(this.scope.workspaceId)}/${parts
        .map(encodeURIComponent)
        .join("/")}`,
  };
}

function toMeta(document: Document.Document): DocumentMeta {
  return {
    id: document.id,
    title: document.title,
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt,
    author: document.author,
    textVersion: document.textVersion,
    ready: document.status === "ready",
    createdBy: document.createdBy,
    createdAt: document.createdAt,
  };
}
