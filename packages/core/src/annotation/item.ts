import { type Item, num, optRecord, optStr, optStrings, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { type Served, shownPlacement, storedPlacement } from "./placement.ts";
import type { Annotation, ImportedCreator } from "./schema.ts";

/**
 * A stored annotation item: its keys, its text-order index keys, every attribute of the
 * annotation and `anchorsFor`, the document version its placement was made for. Items moved by
 * a version change also carry `nextAnchor` and `reanchor` (annotation/placement.ts), which
 * `fromItem` reads.
 */
export type AnnotationItem = Item &
  Annotation & {
    pk: string;
    sk: string;
    gsi1pk: string;
    gsi1sk: string;
    type: "annotation";
    anchorsFor: number;
  };

/** The stored item of a new annotation: what create, restore and the bulk write put. */
export function toItem(annotation: Annotation): AnnotationItem {
  return {
    ...keys.annotation(annotation.workspaceId, annotation.id),
    ...keys.annotationIndex(annotation),
    type: "annotation",
    ...annotation,
    anchorsFor: annotation.textVersion,
  };
}

/**
 * An annotation as readers get it from its stored item, placed on the version its document
 * serves (`served`); without one (internal uses that need only codes, note and ids) as stored.
 */
export function fromItem(item: Item, served?: Served): Annotation {
  const placement = served ? shownPlacement(item, served) : storedPlacement(item);
  const creator = optRecord(item.importedCreator, "importedCreator");
  return {
    id: str(item.id, "id"),
    workspaceId: str(item.workspaceId, "workspaceId"),
    documentId: str(item.documentId, "documentId"),
    start: placement.start,
    end: placement.end,
    exact: placement.exact,
    prefix: placement.prefix,
    suffix: placement.suffix,
    tags: optStrings(item.tags, "tags") ?? [],
    note: optStr(item.note, "note") ?? "",
    status: placement.status,
    textVersion: placement.textVersion,
    createdBy: str(item.createdBy, "createdBy"),
    createdAt: str(item.createdAt, "createdAt"),
    updatedAt: str(item.updatedAt, "updatedAt"),
    version: num(item.version, "version"),
    ...(creator ? { importedCreator: creatorOf(creator) } : {}),
  };
}

/** The attribution of an imported annotation, as stored (each part optional). */
function creatorOf(value: Item): ImportedCreator {
  const id = optStr(value.id, "id");
  const name = optStr(value.name, "name");
  const tool = optStr(value.tool, "tool");
  return {
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(tool !== undefined ? { tool } : {}),
  };
}

/** A stored annotation's codes (none when it has none recorded). */
export const tagsOf = (item: Item | null): string[] =>
  item ? (optStrings(item.tags, "tags") ?? []) : [];
