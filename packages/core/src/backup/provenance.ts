import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import * as Provenance from "../provenance/index.ts";
import { invalid } from "./invalid.ts";
import type { BackupDocument, BackupProvenance } from "./schema.ts";

/**
 * A document's provenance records as stored, oldest first (Query `PROV#<documentId>#`). Only what
 * is recorded: a version stored before hashing has no record, and a backup does not hash it (a
 * backup reads; `GET …/provenance` hashes it once, in either workspace).
 */
export async function backupProvenance(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<BackupProvenance[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", `${prefixes.provenance}${documentId}#`],
  });
  return items.map(Provenance.fromItem).sort((a, b) => a.version - b.version);
}

/**
 * Checks a backed-up document's provenance against its versions: one record per version at most,
 * of a version the document has, whose text hash and size are of that version's text and, when
 * the backup holds the original file, whose source hash is of those bytes. A record that does not
 * describe the text it is restored with would be false provenance: the backup is refused.
 */
export function checkProvenance(document: BackupDocument): BackupProvenance[] {
  const records = document.provenance ?? [];
  const seen = new Set<number>();
  for (const record of records) {
    const version = document.versions[record.version - 1];
    const refuse = (what: string) =>
      invalid("provenance", `document ${document.id} version ${record.version}: ${what}`);
    if (!version || seen.has(record.version)) throw refuse("no such version, or recorded twice");
    seen.add(record.version);
    if (
      record.textSha256 !== Provenance.sha256Hex(version.text) ||
      record.textBytes !== Buffer.byteLength(version.text, "utf8")
    ) {
      throw refuse("the recorded text hash is not of the version's text");
    }
    const base64 = version.original?.base64;
    if (
      base64 != null &&
      record.sourceSha256 !== null &&
      record.sourceSha256 !== Provenance.sha256Hex(Buffer.from(base64, "base64"))
    ) {
      throw refuse("the recorded source hash is not of the version's original file");
    }
  }
  return records;
}

/**
 * A document's checked provenance records under its restored id. Records are written once and
 * never change, so a repeated restore writes the same items.
 */
export async function restoreProvenance(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  records: BackupProvenance[],
): Promise<void> {
  await batchWrite(
    ctx,
    records.map((record) => ({
      PutRequest: { Item: Provenance.toItem(workspaceId, documentId, record) },
    })),
  );
}
