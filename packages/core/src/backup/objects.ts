import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { Context } from "../context/index.ts";
import * as Storage from "../storage/index.ts";

/** An original file of one text version, as listed in the bucket. */
export interface StoredOriginal {
  key: string;
  version: number;
  fileName: string;
  size: number;
}

/**
 * Original files of a document by version, from a listing of the document's prefix: the item
 * records only the current version's original, and earlier ones are named after their upload.
 */
export async function listOriginals(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Map<number, StoredOriginal>> {
  const originals = new Map<number, StoredOriginal>();
  const prefix = Storage.objectKeys.documentPrefix(workspaceId, documentId);
  for (const { key, size } of await Storage.listObjects(ctx, prefix)) {
    const parsed = Storage.parseOriginalKey(key);
    if (!parsed || originals.has(parsed.version)) continue;
    originals.set(parsed.version, {
      key,
      version: parsed.version,
      fileName: parsed.fileName,
      size,
    });
  }
  return originals;
}

/** An object's bytes with the content type it was stored with. */
export async function readObject(
  ctx: Context,
  key: string,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const result = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
  return {
    bytes: (await result.Body?.transformToByteArray()) ?? new Uint8Array(),
    contentType: result.ContentType ?? "application/octet-stream",
  };
}
