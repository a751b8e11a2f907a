import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Served } from "../annotation/placement.ts";
import type { Context } from "../context/index.ts";
import { updateIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import { newId } from "../id/index.ts";
import * as Provenance from "../provenance/index.ts";
import * as Storage from "../storage/index.ts";
import { CANONICAL_RULE_VERSIONS, CANONICAL_RULES, type CanonicalRules } from "../text/index.ts";
import { fromItem, servedOf, VERSION_LEASE_MS } from "./item.ts";
import type { Document } from "./schema.ts";

/**
 * A document's text versions: where each version's text is stored, and the lease, store and
 * commit steps a version change goes through (`Ingest.addVersion` runs them in order, with the
 * annotations' re-anchoring in between).
 */

/** The text object's metadata key recording the canonical text rules that made it. */
export const TEXT_RULES_METADATA = "text-rules";

/**
 * The version of the canonical text rules a document version's text was made by. Texts stored
 * before rules were recorded were all made by version 1.
 */
export async function textRulesOf(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
): Promise<CanonicalRules> {
  const metadata = await Storage.metadataOf(
    ctx,
    Storage.objectKeys.text(workspaceId, documentId, version),
  );
  if (!metadata) {
    throw new GlossError(
      "not_found",
      "document.version_not_found",
      `version ${version} has no text`,
    );
  }
  const recorded = Number(metadata[TEXT_RULES_METADATA]);
  return CANONICAL_RULE_VERSIONS.find((rules) => rules === recorded) ?? 1;
}

/** Stores a version's canonical text and page offsets (text first: it is what readers need). */
export async function putVersionText(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
  text: string,
  pages: number[] | null | undefined,
): Promise<string> {
  const textKey = Storage.objectKeys.text(workspaceId, documentId, version);
  // Every text reaching here was made by the current rules (extract, or canonicalize on create
  // and on a pasted version); the rules are recorded with the text they made.
  await Storage.putObject(ctx, textKey, text, "text/plain; charset=utf-8", {
    [TEXT_RULES_METADATA]: String(CANONICAL_RULES),
  });
  if (pages && pages.length > 0) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.pages(workspaceId, documentId, version),
      JSON.stringify(pages),
      "application/json",
    );
  }
  return textKey;
}

/**
 * Takes the document for a change from version `from` to `from + 1`: refused (409) while another
 * change holds it, unless that one stopped longer than the lease ago (then this one takes over,
 * recomputing everything). Returns the change's id: the placements it computes carry it, and
 * only the change that commits is ever read.
 */
export async function beginVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  from: number,
): Promise<{ change: string; served: Served }> {
  const now = ctx.now();
  const change = newId("chg", now.getTime());
  const result = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression:
        "SET pendingVersion = :target, pendingSince = :now, pendingChange = :change",
      ReturnValues: "ALL_NEW",
      ConditionExpression:
        "#status = :ready AND textVersion = :from AND (attribute_not_exists(pendingVersion) OR pendingSince < :expired)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":ready": "ready",
        ":from": from,
        ":target": from + 1,
        ":now": now.toISOString(),
        ":change": change,
        ":expired": new Date(now.getTime() - VERSION_LEASE_MS).toISOString(),
      },
    }),
  );
  if (!result) {
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "a new version of this document is being applied, or the document changed; reload and try again",
    );
  }
  return { change, served: servedOf(result.Attributes ?? {}) };
}

/** Stores the canonical text (and pages and original) of a version that is not current yet. */
export async function putVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  version: number,
  input: {
    text: string;
    pages: number[] | null;
    original: { bytes: Uint8Array; fileName: string; contentType: string } | null;
    /** Who adds the version and how, for its provenance; the file of a direct upload. */
    origin?: Provenance.VersionOrigin & { uploaded?: { bytes: Uint8Array; fileName: string } };
  },
): Promise<void> {
  if (input.original) {
    await Storage.putObject(
      ctx,
      Storage.objectKeys.original(workspaceId, documentId, version, input.original.fileName),
      input.original.bytes,
      input.original.contentType,
    );
  }
  await putVersionText(ctx, workspaceId, documentId, version, input.text, input.pages);
  // Not current yet: a change taking over a stalled one stores this version again, and its record
  // follows (`replace`); once committed, no change writes this version any more.
  await Provenance.recordVersion(
    ctx,
    workspaceId,
    documentId,
    { version, text: input.text, original: input.original ?? input.origin?.uploaded ?? null },
    {
      source:
        input.origin?.source ?? (input.original || input.origin?.uploaded ? "upload" : "paste"),
      addedBy: input.origin?.addedBy ?? null,
    },
    { replace: true },
  );
}

/**
 * Makes version `from + 1` current, last of a version change: its text and every annotation's
 * placement on it are written by then, so this single write is the instant readers switch.
 * Conditional on this very change (`change`) still holding the document at `from`.
 */
export async function commitVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  from: number,
  change: string,
  input: {
    textLength: number;
    /** The new text's language (BCP 47), or null: a new text re-detects, replacing a correction. */
    language: string | null;
    pageCount: number | null;
    fileName: string | null;
    contentType: string;
    originalKey: string | null;
    uploadKey: string | null;
  },
): Promise<Document> {
  const target = from + 1;
  const sets = [
    "textVersion = :target",
    "textKey = :textKey",
    "textLength = :length",
    "contentType = :contentType",
    "updatedAt = :now",
    "textChange = :change",
  ];
  const removes = ["pendingVersion", "pendingSince", "pendingChange"];
  const values: Record<string, unknown> = {
    ":change": change,
    ":from": from,
    ":target": target,
    ":textKey": Storage.objectKeys.text(workspaceId, documentId, target),
    ":length": input.textLength,
    ":contentType": input.contentType,
    ":now": ctx.now().toISOString(),
  };
  if (input.pageCount) {
    sets.push("pageCount = :pageCount");
    values[":pageCount"] = input.pageCount;
  } else {
    removes.push("pageCount");
  }
  sets.push("languageSource = :detected");
  values[":detected"] = "detected";
  if (input.language) {
    sets.push("#language = :language");
    values[":language"] = input.language;
  } else {
    removes.push("#language");
  }
  if (input.originalKey) {
    sets.push("originalKey = :originalKey", "fileName = :fileName");
    values[":originalKey"] = input.originalKey;
    values[":fileName"] = input.fileName;
  }
  let condition = "textVersion = :from AND pendingVersion = :target AND pendingChange = :change";
  // `language` is a DynamoDB reserved word.
  const names: Record<string, string> = { "#language": "language" };
  if (input.uploadKey) {
    removes.push("upload");
    condition += " AND upload.#key = :uploadKey";
    names["#key"] = "key";
    values[":uploadKey"] = input.uploadKey;
  }
  const result = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.document(workspaceId, documentId),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
      ExpressionAttributeNames: names,
      ReturnValues: "ALL_NEW",
    }),
  );
  if (!result) {
    throw new GlossError(
      "conflict",
      "document.version_in_progress",
      "the document changed while the new version was applied; reload and try again",
    );
  }
  return fromItem(result.Attributes ?? {}, ctx.now());
}
