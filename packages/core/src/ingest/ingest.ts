import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { isGlossError } from "../error/index.ts";
import * as Provenance from "../provenance/index.ts";
import {
  type PackRun,
  type PrepareOutcome,
  packWhenDue,
  parseTextKey,
  prepareTextObject,
} from "../search/index.ts";
import * as Storage from "../storage/index.ts";
import { extractIsolated } from "./sandbox.ts";
import { addVersion } from "./version.ts";

/** The part of an S3 event notification (`aws-lambda`'s S3Event) that ingest reads. */
export interface S3EventLike {
  Records: Array<{
    eventName?: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number } };
  }>;
}

export type IngestOutcome =
  | { key: string; outcome: "ready" | "version" }
  | { key: string; outcome: "failed"; code: string; reason: string }
  | { key: string; outcome: "skipped"; reason: string }
  | Exclude<PrepareOutcome, PreparedOutcome>
  | (PreparedOutcome & { packs?: PackRun | null | { failed: string } });

type PreparedOutcome = Extract<PrepareOutcome, { outcome: "search_prepared" }>;

/**
 * Object keys arrive URL-encoded in S3 events, with spaces as `+` (form encoding): decoded once
 * here they are the key as stored.
 */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

/**
 * Reads an uploaded original file into its document: the first upload makes a pending document
 * ready (or failed, with the reason), a later one adds a version and re-anchors annotations.
 * Canonical text objects get their search preparation (search/prepared.ts). Other objects nobody
 * awaits (files stored by the API itself, repeated events, deleted documents) are skipped. Unreadable files end as `failed`; storage errors are thrown so Lambda retries.
 */
export async function ingestObject(ctx: Context, key: string): Promise<IngestOutcome> {
  // A canonical text just stored (by any path): its search preparation is stored beside it, and
  // every so many new preparations are packed (search/pack-builder.ts).
  const prepared = await prepareTextObject(ctx, key);
  if (prepared) return prepared.outcome === "search_prepared" ? packIfDue(ctx, prepared) : prepared;
  const parsed = Storage.parseOriginalKey(key);
  if (!parsed) return { key, outcome: "skipped", reason: "not an original file" };
  const { workspaceId, documentId } = parsed;
  const state = await Document.getIngestState(ctx, workspaceId, documentId);
  const upload = state?.upload;
  if (!state || !upload || upload.key !== key || upload.status !== "pending") {
    return { key, outcome: "skipped", reason: "no upload awaits this object" };
  }
  const fail = async (code: string, reason: string): Promise<IngestOutcome> => {
    await Document.failUpload(ctx, workspaceId, documentId, key, reason);
    return { key, outcome: "failed", code, reason };
  };
  try {
    const size = await Storage.sizeOf(ctx, key);
    if (size === null) return { key, outcome: "skipped", reason: "the object no longer exists" };
    const { maxUploadBytes } = Document.limits();
    // S3 enforces the signed length; the embedded S3 does not, and a limit may have been lowered.
    if (size > maxUploadBytes) {
      return fail(
        "document.file_too_large",
        `the file is ${size} bytes; the limit is ${maxUploadBytes}`,
      );
    }
    const bytes = await Storage.getBytes(ctx, key);
    if (upload.version === 1 && state.status === "pending") {
      const extracted = await extractIsolated(bytes, upload.fileName);
      // Hashed on the bytes just read and the text about to be stored; replaced until ready.
      await Provenance.recordVersion(
        ctx,
        workspaceId,
        documentId,
        { version: 1, text: extracted.text, original: { bytes, fileName: upload.fileName } },
        { source: "upload", addedBy: state.createdBy ?? null },
        { replace: true },
      );
      const done = await Document.completeUpload(ctx, workspaceId, documentId, key, extracted);
      return done
        ? { key, outcome: "ready" }
        : { key, outcome: "skipped", reason: "the upload was completed or removed meanwhile" };
    }
    await addVersion(ctx, workspaceId, documentId, {
      file: { bytes, fileName: upload.fileName },
      uploadKey: key,
      // Who started the upload (recorded by `startVersionUpload`); older records name no one.
      addedBy: upload.requestedBy ?? null,
    });
    return { key, outcome: "version" };
  } catch (error) {
    if (isGlossError(error) && error.kind !== "unavailable" && error.kind !== "conflict") {
      return fail(error.code, error.message);
    }
    throw error;
  }
}

/**
 * Runs the pack builder when this new preparation makes it due. Packs only save a search reads,
 * so a failure is reported in the outcome rather than failing the event: a retried event would
 * find the preparation stored and not count it again anyway, and the next due run packs what
 * this one did not.
 */
async function packIfDue(ctx: Context, prepared: PreparedOutcome): Promise<IngestOutcome> {
  const version = parseTextKey(prepared.key);
  if (!prepared.written || !version) return prepared;
  try {
    return { ...prepared, packs: await packWhenDue(ctx, version.workspaceId) };
  } catch (error) {
    return {
      ...prepared,
      packs: { failed: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** Handles an S3 ObjectCreated notification: every record, one after the other. */
export async function handleS3Event(ctx: Context, event: S3EventLike): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records ?? []) {
    if (record.eventName && !record.eventName.startsWith("ObjectCreated")) continue;
    if (record.s3.bucket.name !== ctx.bucket) {
      outcomes.push({ key: record.s3.object.key, outcome: "skipped", reason: "another bucket" });
      continue;
    }
    outcomes.push(await ingestObject(ctx, decodeEventKey(record.s3.object.key)));
  }
  return outcomes;
}
