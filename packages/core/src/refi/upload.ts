import { randomBytes } from "node:crypto";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";

/**
 * Where a project uploaded directly to storage waits to be imported. Outside `documents/`, so the
 * ingest function (which reads only document originals) leaves it alone; the daily sweep removes
 * it once it is a day old.
 */
export const uploadKey = (workspaceId: string, uploadId: string) =>
  `workspaces/${workspaceId}/imports/${uploadId}.qdpx`;

/** A presigned PUT for a large .qdpx, within the upload limit; the id names it for the import. */
export async function startUpload(
  ctx: Context,
  workspaceId: string,
  size: number,
): Promise<{ uploadId: string; upload: Storage.PresignedUpload & { maxBytes: number } }> {
  const { maxUploadBytes } = Document.limits();
  if (size > maxUploadBytes) {
    throw new GlossError(
      "too_large",
      "refi.file_too_large",
      `the file is ${size} bytes; the upload limit is ${maxUploadBytes} bytes`,
    );
  }
  const uploadId = randomBytes(16).toString("hex");
  const upload = await Storage.presignUpload(ctx, uploadKey(workspaceId, uploadId), {
    size,
    contentType: "application/zip",
    expiresInSeconds: 15 * 60,
  });
  return { uploadId, upload: { ...upload, maxBytes: maxUploadBytes } };
}

/** The bytes of an uploaded project; 404 `refi.upload_missing` when it was never sent. */
export async function readUpload(
  ctx: Context,
  workspaceId: string,
  uploadId: string,
): Promise<Uint8Array> {
  try {
    return await Storage.getBytes(ctx, uploadKey(workspaceId, uploadId));
  } catch (error) {
    if (error instanceof GlossError && error.kind === "not_found") {
      throw new GlossError(
        "not_found",
        "refi.upload_missing",
        "no uploaded file with this uploadId; PUT the file first",
      );
    }
    throw error;
  }
}
