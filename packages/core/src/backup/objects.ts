import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
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
  let token: string | undefined;
  do {
    const page = await ctx.s3.send(
      new ListObjectsV2Command({
        Bucket: ctx.bucket,
        Prefix: Storage.objectKeys.documentPrefix(workspaceId, documentId),
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const parsed = object.Key ? Storage.parseOriginalKey(object.Key) : null;
      if (!parsed || originals.has(parsed.version)) continue;
      originals.set(parsed.version, {
        key: object.Key!,
        version: parsed.version,
        fileName: parsed.fileName,
        size: object.Size ?? 0,
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
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
