import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Round from "../round/index.ts";
import * as Storage from "../storage/index.ts";
import { canonicalize } from "../text/index.ts";
import { detectLanguage } from "../text/language.ts";
import type { Extracted } from "./extract.ts";
import { extractIsolated } from "./sandbox.ts";

export interface NewVersionSource {
  /** Revised text (pasted), or a revised file. */
  text?: string;
  file?: { bytes: Uint8Array; fileName: string };
  /** Set when the file came through a direct-to-S3 upload (it is stored already). */
  uploadKey?: string;
  /** The user adding the version, for its provenance. */
  addedBy?: string | null;
}

export interface VersionResult {
  document: Document.Document;
  annotations: Annotation.ReanchorCounts;
}

async function extractSource(source: NewVersionSource): Promise<Extracted> {
  if (source.file) return extractIsolated(source.file.bytes, source.file.fileName);
  const text = canonicalize(source.text ?? "");
  Document.checkText(text);
  return {
    format: "text",
    contentType: "text/plain; charset=utf-8",
    text,
    title: null,
    author: null,
    publishedAt: null,
    pages: null,
  };
}

/**
 * Adds a version of a document's text and re-anchors its annotations onto it. Without
 * transactions, the served version and every annotation's placement must agree at any instant a
 * crash can happen, so nothing a reader uses is overwritten before one pointer flips:
 * 1. the document is taken for the change (`pendingVersion` and a change id, a lease that refuses
 *    other changes and new annotations meanwhile);
 * 2. the new text (and pages, and the original file) go to S3 under the new version, which no
 *    reader can ask for yet;
 * 3. each annotation gets its placement on the new version written beside its served one
 *    (`nextAnchor`, tagged with the change id), in its own write;
 * 4. the document flips to the new version, last, recording the change id: from this single
 *    write on, readers take the placements beside (`Annotation` placement rules);
 * 5. the placements beside are moved into the annotations' own fields, and annotations written on
 *    the old version while step 3 ran are placed too.
 * 6. the document's consensus passages are placed on the new version the same way (until then they
 *    name the old one and read as orphaned, never on the new text's words).
 * A crash before 4 leaves version N served with its own placements; the next change after the
 * lease recomputes everything under a new id (a stalled run's placements never match it). A crash
 * after 4 leaves N+1 served with the placements beside; the next change settles them.
 * The old version's text stays readable (`getText(…, version)`).
 */
export async function addVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  source: NewVersionSource,
): Promise<VersionResult> {
  const current = await Document.get(ctx, workspaceId, documentId);
  if (current.status !== "ready") {
    throw new GlossError(
      "conflict",
      "document.not_ready",
      "the document has no readable text yet, so it cannot have a new version",
    );
  }
  const extracted = await extractSource(source);
  const from = current.textVersion;
  const target = from + 1;
  const { change, served } = await Document.beginVersion(ctx, workspaceId, documentId, from);
  await Document.putVersion(ctx, workspaceId, documentId, target, {
    text: extracted.text,
    pages: extracted.pages,
    original:
      source.file && !source.uploadKey
        ? {
            bytes: source.file.bytes,
            fileName: source.file.fileName,
            contentType: extracted.contentType,
          }
        : null,
    origin: {
      source: source.file ? "upload" : "paste",
      addedBy: source.addedBy ?? null,
      ...(source.file && source.uploadKey ? { uploaded: source.file } : {}),
    },
  });
  const versionChange: Annotation.VersionChange = {
    served,
    target,
    change,
    newText: extracted.text,
    textOf: (version: number) => Document.getText(ctx, workspaceId, documentId, version),
    addedBy: source.addedBy ?? null,
  };
  const counts = await Annotation.placeOnVersion(ctx, workspaceId, documentId, versionChange);
  const originalKey = source.file
    ? (source.uploadKey ??
      Storage.objectKeys.original(workspaceId, documentId, target, source.file.fileName))
    : null;
  const document = await Document.commitVersion(ctx, workspaceId, documentId, from, change, {
    textLength: extracted.text.length,
    language: detectLanguage(extracted.text) ?? null,
    pageCount: extracted.pages?.length ?? null,
    fileName: source.file?.fileName ?? null,
    contentType: extracted.contentType,
    originalKey,
    uploadKey: source.uploadKey ?? null,
  });
  const late = await Annotation.settleVersion(ctx, workspaceId, documentId, versionChange);
  await Round.reanchorConsensus(ctx, workspaceId, documentId, versionChange);
  return {
    document,
    annotations: {
      total: counts.total + late.total,
      unchanged: counts.unchanged + late.unchanged,
      moved: counts.moved + late.moved,
      orphaned: counts.orphaned + late.orphaned,
    },
  };
}
