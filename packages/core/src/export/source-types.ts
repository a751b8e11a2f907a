/**
 * The shapes an export reads through `ExportSource`: its scope (workspace, filter, blind rule,
 * coding layer) and the rows it resolves (document metadata, version hashes, linked passages).
 * Contract: types only; what every export format writes from.
 */
import type * as Annotation from "../annotation/index.ts";
import type { AttributeValues } from "../attribute/schema.ts";
import type { FindingsFilter, PassageLayer } from "../findings/index.ts";
import type * as Link from "../link/index.ts";

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
