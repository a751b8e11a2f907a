/**
 * `ExportSource`: everything an export reads, scoped to one workspace and its filters: the
 * workspace, codebook and members, annotations page by page (filtered, blind rule and coding layer
 * applied), documents in scope. Document reads are `DocumentReader`'s (source-documents.ts), link
 * reads `LinkReader`'s (source-links.ts), the layer merge `source-order.ts`; shapes in
 * `source-types.ts`.
 */
import * as Annotation from "../annotation/index.ts";
import { type AttributeScope, loadScope } from "../attribute/scope.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import type { Page } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { applyFilter, type FindingsFilter } from "../findings/index.ts";
import type * as Link from "../link/index.ts";
import * as Workspace from "../workspace/index.ts";
import { DocumentReader, toMeta } from "./source-documents.ts";
import { LinkReader } from "./source-links.ts";
import { inOrder, takeUpTo } from "./source-order.ts";
import type {
  DocumentMeta,
  ExportScope,
  LinkedPassage,
  ResolvedPassage,
  VersionHashes,
} from "./source-types.ts";

// The shapes an export reads, importable from here as before the split.
export type * from "./source-types.ts";

type Passage = Annotation.Annotation;
type Tag = Codebook.Tag;

/** Annotations read per DynamoDB page: the most a page may hold, so few round trips. */
const PAGE_SIZE = 500;

const NO_LINKS: readonly LinkedPassage[] = Object.freeze([]);

/** A stand-in code, so a passage with only a note is tested on the filter's other criteria. */
const NOTE_ONLY = "\u0000note";

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
  private readonly documentReader: DocumentReader;
  private readonly linkReader: LinkReader;
  /** The workspace's attributes, every document's values, and the `attr.*` filter resolved. */
  attributes: AttributeScope = {
    definitions: [],
    values: new Map(),
    criteria: [],
    documentSet: undefined,
  };
  /** The filter with empty lists dropped and duplicates removed. */
  filter: FindingsFilter;

  constructor(
    readonly ctx: Context,
    readonly scope: ExportScope,
  ) {
    this.documentReader = new DocumentReader(ctx, scope.workspaceId);
    this.linkReader = new LinkReader(ctx, scope);
    const list = (values: string[] | undefined) =>
      values?.length ? [...new Set(values)] : undefined;
    this.filter = {
      documentIds: list(scope.filter.documentIds),
      tags: list(scope.filter.tags),
      authors: list(scope.filter.authors),
      from: scope.filter.from || undefined,
      to: scope.filter.to || undefined,
      attributes: scope.filter.attributes,
    };
  }

  /** Reads the workspace, codebook and members, and refuses an unknown document or code (404). */
  async prepare(): Promise<this> {
    const { ctx, scope, filter } = this;
    const [workspace, tags, members, attributes] = await Promise.all([
      Workspace.get(ctx, scope.workspaceId, "viewer"),
      Codebook.list(ctx, scope.workspaceId),
      Workspace.listMembers(ctx, scope.workspaceId),
      loadScope(ctx, scope.workspaceId, filter.attributes),
    ]);
    this.attributes = attributes;
    this.filter = { ...filter, documentSet: attributes.documentSet };
    this.workspaceName = workspace.name;
    this.tags = tags;
    this.members = new Map(members.map((m) => [m.userId, m.name]));
    const unknown = filter.tags?.find((id) => !tags.some((t) => t.id === id));
    if (unknown) {
      throw new GlossError("not_found", "tag.not_found", `no code "${unknown}" in this workspace`);
    }
    await Promise.all(
      (filter.documentIds ?? []).map((id) => Document.get(ctx, scope.workspaceId, id)),
    );
    return this;
  }

  /** Codes in scope: the filtered ones (in codebook order), or the whole codebook. */
  get codes(): Tag[] {
    const only = this.filter.tags;
    return only ? this.tags.filter((t) => only.includes(t.id)) : this.tags;
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
   * An annotation as the filter admits it: with only the codes asked for (as findings narrow
   * them), or null when out of scope. `applyFilter` is the one definition of the filter. It drops
   * passages without codes, since findings count codes; exports of annotations keep such a passage
   * (a note alone) unless codes were asked for, so it is tested on its other criteria alone.
   */
  private admit(
    a: Passage,
    options: { coded: boolean; tags: string[] | undefined },
  ): Passage | null {
    const filter = { ...this.filter, tags: options.tags };
    if (a.tags.length === 0) {
      if (options.coded || options.tags) return null;
      return applyFilter({ ...a, tags: [NOTE_ONLY] }, filter) ? a : null;
    }
    const passed = applyFilter(a, filter);
    return passed ? { ...a, tags: passed.tags } : null;
  }

  /**
   * Annotations in scope, a DynamoDB page at a time, narrowed to the codes in scope: document by
   * document in text order when documents are selected (their own index, so only their annotations
   * are read), else the whole workspace in creation order. `coded` leaves out passages without a
   * code (what findings count); `tag` narrows further to one code of the filter.
   */
  async *annotationPages(
    options: { coded?: boolean; tag?: string } = {},
  ): AsyncGenerator<Passage[]> {
    const tags = options.tag ? [options.tag] : this.filter.tags;
    const admit = { coded: options.coded ?? false, tags };
    const only = this.documentScope();
    if (only) {
      for (const documentId of only) {
        yield* this.read(documentId, admit);
      }
      return;
    }
    yield* this.read(undefined, admit);
  }

  /**
   * The documents to read annotations of one by one (their own index, so only theirs are read):
   * the selected ones, narrowed by the attribute filter; else those the attribute filter admits,
   * when it is in force and admits fewer documents than the workspace holds; else undefined (read
   * the whole workspace).
   */
  private documentScope(): string[] | undefined {
    const set = this.filter.documentSet;
    if (this.filter.documentIds) {
      return set ? this.filter.documentIds.filter((id) => set.has(id)) : this.filter.documentIds;
    }
    return set ? [...set].sort() : undefined;
  }

  /** Annotations in scope of one document, a page at a time, in text order. */
  annotationsOf(documentId: string): AsyncGenerator<Passage[]> {
    return this.read(documentId, { coded: false, tags: this.filter.tags });
  }

  /**
   * Annotations of one document (text order) or of the workspace, admitted page by page. The next
   * page is requested before this one is handed on, so storage reads it while the export writes:
   * at most two pages are held, whatever the size of the workspace.
   */
  private async *read(
    documentId: string | undefined,
    admit: { coded: boolean; tags: string[] | undefined },
  ): AsyncGenerator<Passage[]> {
    // The layer's own passages in scope: merged in text order into a document's pages, or after
    // the workspace's last page (creation order).
    const layered = (this.scope.layer?.passagesOf(documentId) ?? []).flatMap((a) =>
      this.scope.blind && !this.scope.blind.visible(a) ? [] : (this.admit(a, admit) ?? []),
    );
    if (documentId === undefined) layered.sort((a, b) => a.id.localeCompare(b.id));
    const fetch = (cursor: string | undefined): Promise<Page<Passage>> =>
      Annotation.listByWorkspace(this.ctx, this.scope.workspaceId, {
        // One code can be matched while reading; several are matched by `admit`.
        tag: admit.tags?.length === 1 ? admit.tags[0] : undefined,
        documentId,
        limit: PAGE_SIZE,
        cursor,
      });
    let pending: Promise<Page<Passage>> | null = fetch(undefined);
    try {
      while (pending) {
        const page: Page<Passage> = await pending;
        const cursor: string | undefined = page.nextCursor ?? undefined;
        pending = cursor ? fetch(cursor) : null;
        const visible = this.scope.blind?.visible;
        const items = page.items.flatMap((a) =>
          (visible && !visible(a)) || this.scope.layer?.keeps(a.id) === false
            ? []
            : (this.admit(a, admit) ?? []),
        );
        if (documentId === undefined) {
          if (items.length > 0) yield items;
          if (!cursor && layered.length > 0) yield layered;
          continue;
        }
        const added = layered.length ? takeUpTo(layered, items, !cursor) : [];
        if (items.length + added.length > 0) yield added.length ? inOrder(items, added) : items;
      }
    } finally {
      // A reader that stops early (a client gone) leaves no read unobserved.
      pending?.catch(() => {});
    }
  }

  /** Documents in scope whose text can be read: the selected ones in order, else newest first. */
  async *documents(): AsyncGenerator<DocumentMeta> {
    const only = this.documentScope();
    if (only) {
      for (const id of only) {
        const meta = await this.document(id);
        if (meta?.ready) yield meta;
      }
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
        this.documentReader.remember(meta);
        if (meta.ready) yield meta;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * Loads the documents (and page tables) a page of passages needs, all at once: the exports then
   * read them from the cache instead of one round trip after another per new document.
   */
  async prefetch(passages: Passage[]): Promise<void> {
    const documentIds = [...new Set(passages.map((p) => p.documentId))];
    await Promise.all(documentIds.map((id) => this.document(id)));
    const firstOfEach = new Map(passages.map((p) => [`${p.documentId}#${p.textVersion}`, p]));
    await Promise.all([...firstOfEach.values()].map((p) => this.pageOf(p)));
  }

  /**
   * Annotations in scope (as `annotationPages`), a page at a time, each with everything a row of
   * it shows: its document, page, the version's hashes and the linked passages, all read for the
   * whole page in one batch of concurrent reads. A writer then runs over a page without awaiting
   * anything per row (two awaits a row were half the CSV export's time). Passages whose document
   * was deleted meanwhile are left out.
   */
  async *resolvedPages(
    options: { coded?: boolean; tag?: string } = {},
  ): AsyncGenerator<ResolvedPassage[]> {
    for await (const page of this.annotationPages(options)) {
      const documentIds = [...new Set(page.map((a) => a.documentId))];
      const versions = [...new Map(page.map((a) => [`${a.documentId}#${a.textVersion}`, a]))];
      const [linked, documents, starts, hashes] = await Promise.all([
        this.linkedPassages(page),
        Promise.all(documentIds.map((id) => this.document(id))),
        Promise.all(
          versions.map(([, a]) => this.documentReader.pageStartsOf(a.documentId, a.textVersion)),
        ),
        Promise.all(versions.map(([, a]) => this.hashesOf(a.documentId, a.textVersion))),
      ]);
      const documentOf = new Map(documentIds.map((id, i) => [id, documents[i]!]));
      const versionAt = new Map(versions.map(([key], i) => [key, i]));
      const rows: ResolvedPassage[] = [];
      for (const annotation of page) {
        const document = documentOf.get(annotation.documentId);
        if (!document) continue;
        const v = versionAt.get(`${annotation.documentId}#${annotation.textVersion}`)!;
        rows.push({
          annotation,
          document,
          page: Document.pageAt(starts[v]!, annotation.start),
          hashes: hashes[v]!,
          linked: linked.get(annotation.id) ?? NO_LINKS,
        });
      }
      if (rows.length > 0) yield rows;
    }
  }

  /** A document's metadata (cached); null when it was deleted meanwhile. */
  document(documentId: string): Promise<DocumentMeta | null> {
    return this.documentReader.document(documentId);
  }

  /** The canonical text of a document version. */
  text(documentId: string, version: number): Promise<string> {
    return this.documentReader.text(documentId, version);
  }

  /** The page (1-based) of an annotation's start, when its source has pages (PDF). */
  pageOf(annotation: Passage): Promise<number | null> {
    return this.documentReader.pageOf(annotation);
  }

  /** The paragraph (1-based) of an annotation's start in its text version (`DocumentReader`). */
  paragraphOf(annotation: Passage): Promise<number | null> {
    return this.documentReader.paragraphOf(annotation);
  }

  /** The SHA-256 hashes of a document version's text and original (`DocumentReader`). */
  hashesOf(documentId: string, version: number): Promise<VersionHashes> {
    return this.documentReader.hashesOf(documentId, version);
  }

  /** Every link of the workspace, once each, in creation order. */
  allLinks(): Promise<Link.StoredLink[]> {
    return this.linkReader.allLinks();
  }

  /** The passages linked to each annotation of a page, with their quotes (links to deleted ends left out). */
  linkedPassages(annotations: Passage[]): Promise<Map<string, LinkedPassage[]>> {
    return this.linkReader.linkedPassages(annotations);
  }

  /** Links on the origin of the request, or relative when it is unknown. */
  readonly urls = {
    // The reader's address names the workspace, so a cited passage opens whichever workspace
    // its reader has chosen meanwhile.
    passage: (documentId: string, annotationId: string) =>
      `${this.scope.origin}/w/${encodeURIComponent(this.scope.workspaceId)}/d/${encodeURIComponent(documentId)}#ann=${encodeURIComponent(annotationId)}`,
    api: (...parts: string[]) =>
      `${this.scope.origin}/api/workspaces/${encodeURIComponent(this.scope.workspaceId)}/${parts
        .map(encodeURIComponent)
        .join("/")}`,
  };
}
