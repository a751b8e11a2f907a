import * as Annotation from "../annotation/index.ts";
import type { AttributeValues } from "../attribute/schema.ts";
import { type AttributeScope, loadScope } from "../attribute/scope.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import type { Page } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { applyFilter, type FindingsFilter, type PassageLayer } from "../findings/index.ts";
import * as Link from "../link/index.ts";
import * as Provenance from "../provenance/index.ts";
import * as Workspace from "../workspace/index.ts";

/** Annotations read per DynamoDB page: the most a page may hold, so few round trips. */
const PAGE_SIZE = 500;

/** What an export covers and how its links are written. */
export interface ExportScope {
  workspaceId: string;
  /** The findings filter (documents, codes, authors, dates); empty lists mean no restriction. */
  filter: FindingsFilter;
  /** The request's origin (`https://gloss.example.org`), or "" for relative links. */
  origin: string;
  /**
   * What the caller may see while blind rounds are open (`Round.blindRuleFor`): passages it hides
   * and links touching them are left out of every export. Everything when absent.
   */
  blind?: {
    visible: (a: { documentId: string; createdBy: string }) => boolean;
    links: (links: Link.StoredLink[]) => Promise<Link.StoredLink[]>;
  };
  /**
   * The coding layer exported (`?layer=consensus`, built by `Round.consensusLayer`): passages it
   * replaces and links touching them are left out, its own passages written in their place.
   * Every passage as coded when absent.
   */
  layer?: PassageLayer;
}

/** The document fields exports cite. */
export interface DocumentMeta {
  id: string;
  title: string;
  sourceUrl: string | null;
  publishedAt: string | null;
  author: string | null;
  /** Attribute values by attribute id. */
  attributes: AttributeValues;
  textVersion: number;
  /** Pages of the current text version; null for texts without pages (not from a PDF). */
  pageCount: number | null;
  /**
   * The current text's language (BCP 47) as stored with the document, null when none is;
   * undefined when the document was stored before languages were detected.
   */
  language: string | null | undefined;
  ready: boolean;
  createdBy: string;
  createdAt: string;
}

/** A version's hashes as exports write them ("" when unknown). */
export interface VersionHashes {
  textSha256: string;
  sourceSha256: string;
}

/** The other end of a link, as an extract row shows it. */
export interface LinkedPassage {
  annotationId: string;
  relation: Link.Relation;
  exact: string;
}

type Passage = Annotation.Annotation;
type Tag = Codebook.Tag;

/** A passage with everything an export row of it shows, read ahead (`resolvedPages`). */
export interface ResolvedPassage {
  annotation: Passage;
  document: DocumentMeta;
  /** The page (1-based) of its start, when its source has pages. */
  page: number | null;
  hashes: VersionHashes;
  /** The passages linked to it, with their quotes. */
  linked: readonly LinkedPassage[];
}

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
  private documentCache = new Map<string, Promise<DocumentMeta | null>>();
  private pagesCache = new Map<string, Promise<number[] | null>>();
  private paragraphsCache = new Map<string, Promise<number[] | null>>();
  private linkIndex: Promise<Map<string, Link.StoredLink[]>> | null = null;
  /** The workspace's attributes, every document's values, and the `attr.*` filter resolved. */
  attributes: AttributeScope = {
    definitions: [],
    values: new Map(),
    criteria: [],
    documentSet: undefined,
  };
  private hashCache = new Map<string, Promise<VersionHashes>>();
  /** The filter with empty lists dropped and duplicates removed. */
  filter: FindingsFilter;

  constructor(
    readonly ctx: Context,
    readonly scope: ExportScope,
  ) {
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
        this.documentCache.set(meta.id, Promise.resolve(meta));
        if (meta.ready) yield meta;
      }
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

  /** The canonical text of a document version. */
  text(documentId: string, version: number): Promise<string> {
    return Document.getText(this.ctx, this.scope.workspaceId, documentId, version);
  }

  /** The page (1-based) of an annotation's start, when its source has pages (PDF). */
  async pageOf(annotation: Passage): Promise<number | null> {
    return Document.pageAt(
      await this.pageStartsOf(annotation.documentId, annotation.textVersion),
      annotation.start,
    );
  }

  /** Where each page of a text version starts (cached); null for texts without pages. */
  private async pageStartsOf(documentId: string, version: number): Promise<number[] | null> {
    const key = `${documentId}#${version}`;
    let pages = this.pagesCache.get(key);
    if (!pages) {
      // Most texts have no pages (only PDFs do): skip the S3 read when the document says so.
      const document = await this.document(documentId);
      if (document && document.textVersion === version && !document.pageCount) return null;
      pages = Document.getPages(this.ctx, this.scope.workspaceId, documentId, version).then(
        (p) => p.pageStarts,
        () => null,
      );
      this.pagesCache.set(key, pages);
    }
    return pages;
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
        Promise.all(versions.map(([, a]) => this.pageStartsOf(a.documentId, a.textVersion))),
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

  /** Links of the workspace by annotation id (either end). */
  private links(): Promise<Map<string, Link.StoredLink[]>> {
    const blind = this.scope.blind;
    const layer = this.scope.layer;
    this.linkIndex ??= Link.listAll(this.ctx, this.scope.workspaceId)
      .then((links) => (blind ? blind.links(links) : links))
      .then((links) =>
        layer ? links.filter((l) => layer.keeps(l.fromId) && layer.keeps(l.toId)) : links,
      )
      .then((links) => {
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

  /**
   * The SHA-256 hashes of a document version's stored text and original (cached per version),
   * recorded when stored, or taken once from the stored objects for versions older than hashing.
   * Empty strings when the version cannot be read.
   */
  hashesOf(documentId: string, version: number): Promise<VersionHashes> {
    const key = `${documentId}#${version}`;
    let hashes = this.hashCache.get(key);
    if (!hashes) {
      hashes = Provenance.ofVersion(this.ctx, this.scope.workspaceId, documentId, version).then(
        (p) => ({ textSha256: p?.textSha256 ?? "", sourceSha256: p?.sourceSha256 ?? "" }),
        () => ({ textSha256: "", sourceSha256: "" }),
      );
      this.hashCache.set(key, hashes);
    }
    return hashes;
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

/** Text order: by start, then end, then id (the order of a document's annotation index). */
function byPosition(a: Passage, b: Passage): number {
  return a.start - b.start || a.end - b.end || a.id.localeCompare(b.id);
}

/**
 * The layer's passages (text order) that belong in a page read in text order: those sorting no
 * later than its last passage, or all that remain after the last page; taken off `pending`.
 */
function takeUpTo(pending: Passage[], page: Passage[], last: boolean): Passage[] {
  if (last) return pending.splice(0);
  const bound = page[page.length - 1];
  if (!bound) return [];
  let n = 0;
  while (n < pending.length && byPosition(pending[n]!, bound) <= 0) n++;
  return pending.splice(0, n);
}

/** A page in text order with a layer's passages merged into it. */
function inOrder(page: Passage[], added: Passage[]): Passage[] {
  return [...page, ...added].sort(byPosition);
}

function toMeta(document: Document.Document): DocumentMeta {
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
