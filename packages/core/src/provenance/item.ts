import { type Item, num, optNum, optOneOf, optRecord, optStr, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import { Capture, SourceKind, type VersionProvenance } from "./schema.ts";

/** A version's record as stored: its provenance without the display name, joined in on read. */
export type ProvenanceRecord = Omit<VersionProvenance, "addedByName">;

/** A stored provenance item: one per (document, text version), written once. */
export type ProvenanceItem = ProvenanceRecord & {
  pk: string;
  sk: string;
  type: "provenance";
  workspaceId: string;
  documentId: string;
};

/** The stored item of a version's record. */
export function toItem(
  workspaceId: string,
  documentId: string,
  record: ProvenanceRecord,
): ProvenanceItem {
  return {
    ...keys.provenance(workspaceId, documentId, record.version),
    type: "provenance",
    workspaceId,
    documentId,
    ...record,
  };
}

const HASHED_WHEN = ["stored", "later"] as const;

/** A version's record from its stored item; records older than a field read it as unknown. */
export function fromItem(item: Item): ProvenanceRecord {
  const capture = optRecord(item.capture, "capture");
  return {
    version: num(item.version, "version"),
    textSha256: str(item.textSha256, "textSha256"),
    textBytes: num(item.textBytes, "textBytes"),
    sourceSha256: optStr(item.sourceSha256, "sourceSha256") ?? null,
    sourceBytes: optNum(item.sourceBytes, "sourceBytes") ?? null,
    sourceFileName: optStr(item.sourceFileName, "sourceFileName") ?? null,
    source: optOneOf(item.source, "source", SourceKind.options) ?? "unknown",
    addedBy: optStr(item.addedBy, "addedBy") ?? null,
    addedAt: optStr(item.addedAt, "addedAt") ?? null,
    hashedAt: str(item.hashedAt, "hashedAt"),
    hashedWhen: optOneOf(item.hashedWhen, "hashedWhen", HASHED_WHEN) ?? "stored",
    // Rare and nested: the schema parses it.
    capture: capture ? Capture.parse(capture) : null,
  };
}
