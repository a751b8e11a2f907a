import type * as Attribute from "../attribute/index.ts";
import type * as Provenance from "../provenance/index.ts";
import type * as Round from "../round/index.ts";
import type { SavedQuery } from "../search/index.ts";
import { checkAnnotations } from "./annotation.ts";
import { checkAttributes } from "./attributes.ts";
import { type CodePlacement, placeCodes } from "./codes.ts";
import { checkSources, checkTexts } from "./documents.ts";
import { restoredIds } from "./ids.ts";
import { invalid, unique } from "./invalid.ts";
import { checkLinks } from "./links.ts";
import { checkProvenance } from "./provenance.ts";
import { planRounds } from "./rounds.ts";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type Backup } from "./schema.ts";
import { checkSearches } from "./searches.ts";

/** What a checked backup restores: new ids, and the things to store as they are written. */
export interface Plan {
  documentIds: Map<string, string>;
  annotationIds: Map<string, string>;
  linkIds: Map<string, string>;
  /** Each code's parent and rank; null for a backup from before the code tree. */
  codes: Map<string, CodePlacement> | null;
  /** Each document's attribute values, checked, by its id in the backup. */
  attributes: Map<string, Attribute.AttributeValues>;
  /** The rounds and consensus passages as they are written, ids mapped. */
  rounds: Round.Round[];
  consensus: Round.ConsensusPassage[];
  /** Each document's provenance records, checked, by its id in the backup. */
  provenance: Map<string, Provenance.ProvenanceRecord[]>;
  /** The saved searches as they are written, ids and document filters mapped. */
  savedSearches: SavedQuery[];
}

/** Refuses a backup of another format or version, or one whose contents miss its totals. */
function checkFormat(backup: Backup): void {
  if (backup.format !== BACKUP_FORMAT) {
    throw invalid("unknown_format", `not a Gloss workspace backup (format "${backup.format}")`);
  }
  if (backup.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw invalid(
      "unsupported_version",
      `backup format version ${backup.formatVersion}; this server reads version ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const { totals } = backup;
  if (
    totals.codes !== backup.codebook.length ||
    totals.documents !== backup.documents.length ||
    totals.annotations !== backup.annotations.length ||
    totals.links !== backup.links.length ||
    (totals.attributes ?? 0) !== (backup.attributes?.length ?? 0) ||
    (totals.savedSearches ?? 0) !== (backup.savedSearches?.length ?? 0) ||
    (totals.history ?? 0) !== (backup.history?.length ?? 0) ||
    (totals.rounds ?? 0) !== (backup.rounds?.length ?? 0) ||
    (totals.consensus ?? 0) !== (backup.consensus?.length ?? 0)
  ) {
    throw invalid(
      "incomplete",
      "the backup's contents do not match its totals; it was cut short or edited",
    );
  }
}

/**
 * Checks that a backup holds together, as the API would have made it: known format, totals that
 * match, unique ids, every version's text canonical, every annotation's quote equal to its text
 * at its offsets, codes from the backup's codebook, links between its annotations, a code tree
 * without loops or dangling parents, attribute values of the backup's definitions, provenance
 * that is of the texts, saved searches over the backup's documents and codes. Returns the new
 * ids, the codes' places and the values, records and searches to store.
 */
export function planRestore(backup: Backup, workspaceId: string): Plan {
  checkFormat(backup);
  checkSources(backup.documents);
  unique("code", backup.codebook);
  unique("document", backup.documents);
  unique("annotation", backup.annotations);
  unique("link", backup.links);

  const texts = checkTexts(backup.documents);
  const provenance = new Map(backup.documents.map((d) => [d.id, checkProvenance(d)]));

  const codes = new Set(backup.codebook.map((t) => t.id));
  checkAnnotations(backup.annotations, texts, codes);
  checkLinks(backup.links, backup.annotations);
  const documentIds = restoredIds("doc", backup.documents, workspaceId);
  return {
    codes: placeCodes(backup.codebook),
    attributes: checkAttributes(backup),
    documentIds,
    annotationIds: restoredIds("ann", backup.annotations, workspaceId),
    linkIds: restoredIds("lnk", backup.links, workspaceId),
    ...planRounds(backup, workspaceId, texts, codes, documentIds),
    provenance,
    savedSearches: checkSearches(backup, workspaceId, documentIds),
  };
}
