import { type Item, oneOf, optStr, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { Relation } from "./schema.ts";

/** A link as stored: the ends' quotes and titles are joined in when it is read. */
export type StoredLink = {
  id: string;
  fromId: string;
  toId: string;
  fromDocumentId: string;
  toDocumentId: string;
  relation: Relation;
  note: string;
  createdBy: string;
  createdAt: string;
};

/**
 * A stored link item: its key, the index keys that find it from either end, and the link with
 * its workspace and version.
 */
export type LinkItem = StoredLink & {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  type: "link";
  workspaceId: string;
  version: number;
};

/** The stored item of a link at `version`. */
export function toItem(workspaceId: string, link: StoredLink, version: number): LinkItem {
  return {
    ...keys.link(workspaceId, link.id),
    ...keys.linkIndex(link),
    type: "link",
    workspaceId,
    ...link,
    version,
  };
}

/** A link from its stored item (or its history snapshot). */
export function fromItem(item: Item): StoredLink {
  return {
    id: str(item.id, "id"),
    fromId: str(item.fromId, "fromId"),
    toId: str(item.toId, "toId"),
    fromDocumentId: str(item.fromDocumentId, "fromDocumentId"),
    toDocumentId: str(item.toDocumentId, "toDocumentId"),
    relation: oneOf(item.relation, "relation", Relation.options),
    note: optStr(item.note, "note") ?? "",
    createdBy: str(item.createdBy, "createdBy"),
    createdAt: str(item.createdAt, "createdAt"),
  };
}

/** A link snapshot's id and ends: all that is needed to put it back and check its ends. */
export function endsOf(snapshot: Item): { id: string; fromId: string; toId: string } {
  return {
    id: str(snapshot.id, "id"),
    fromId: str(snapshot.fromId, "fromId"),
    toId: str(snapshot.toId, "toId"),
  };
}

/**
 * The item that puts back a link from its history snapshot at `version`: every attribute as it
 * was (a snapshot keeps all but the keys), with its keys rebuilt.
 */
export function restoredItem(workspaceId: string, snapshot: Item, version: number): Item {
  const ends = endsOf(snapshot);
  return {
    ...keys.link(workspaceId, ends.id),
    ...keys.linkIndex(ends),
    ...snapshot,
    version,
  };
}
