import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";

/** Object keys of a document: everything under one prefix, so deletion is a prefix sweep. */
export const objectKeys = {
  documentPrefix: (workspaceId: string, documentId: string) =>
    `workspaces/${workspaceId}/documents/${documentId}/`,
  text: (workspaceId: string, documentId: string, version: number) =>
    `workspaces/${workspaceId}/documents/${documentId}/v${version}/text.txt`,
  original: (workspaceId: string, documentId: string, version: number, fileName: string) =>
    `workspaces/${workspaceId}/documents/${documentId}/v${version}/original/${encodeURIComponent(fileName)}`,
  /** Page start offsets of version N (PDF sources only), a small JSON array. */
  pages: (workspaceId: string, documentId: string, version: number) =>
    `workspaces/${workspaceId}/documents/${documentId}/v${version}/pages.json`,
  /**
   * The workspace's search packs (search/packs.ts): preparations of many documents in one object.
   * Outside every document's prefix, as a pack spans documents; not a document's, so the orphan
   * sweep leaves them to the pack builder's own cleanup.
   */
  searchPacks: (workspaceId: string) => `workspaces/${workspaceId}/search-packs/`,
};

/** The parts of an original file's key, or null for any other key. */
export function parseOriginalKey(
  key: string,
): { workspaceId: string; documentId: string; version: number; fileName: string } | null {
  const match = /^workspaces\/([^/]+)\/documents\/([^/]+)\/v(\d+)\/original\/([^/]+)$/.exec(key);
  if (!match) return null;
  let fileName: string;
  try {
    fileName = decodeURIComponent(match[4]!);
  } catch {
    return null;
  }
  return {
    workspaceId: match[1]!,
    documentId: match[2]!,
    version: Number(match[3]),
    fileName,
  };
}

/**
 * Canonical text never changes once written, so a warm Lambda keeps recent texts in memory and
 * validates annotation quotes without a round trip to S3. 64 MB is a small share of a 1 GB Lambda.
 */
const TEXT_CACHE_BYTES = 64 * 1024 * 1024;
const textCache = new Map<string, string>();
let textCacheSize = 0;

function remember(key: string, text: string) {
  if (text.length * 2 > TEXT_CACHE_BYTES) return;
  textCache.set(key, text);
  textCacheSize += text.length * 2;
  for (const [oldKey, oldText] of textCache) {
    if (textCacheSize <= TEXT_CACHE_BYTES) break;
    textCache.delete(oldKey);
    textCacheSize -= oldText.length * 2;
  }
}

/** Stores an object; `body` is written whole. */
export async function putObject(
  ctx: Context,
  key: string,
  body: string | Uint8Array,
  contentType: string,
  /** User metadata stored with the object (`x-amz-meta-*`), read back by `metadataOf`. */
  metadata?: Record<string, string>,
): Promise<void> {
  await ctx.s3.send(
    new PutObjectCommand({
      Bucket: ctx.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(metadata ? { Metadata: metadata } : {}),
    }),
  );
}

/** An object's user metadata (keys lower case), or null when the object does not exist. */
export async function metadataOf(
  ctx: Context,
  key: string,
): Promise<Record<string, string> | null> {
  try {
    const result = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    return result.Metadata ?? {};
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey) return null;
    throw error;
  }
}

/** Reads a canonical text object (cached: texts are immutable). */
export async function getText(ctx: Context, key: string): Promise<string> {
  const cacheKey = `${ctx.bucket}/${key}`;
  const cached = textCache.get(cacheKey);
  if (cached !== undefined) {
    // Refresh recency: Map iteration order is insertion order, the eviction order above.
    textCache.delete(cacheKey);
    textCache.set(cacheKey, cached);
    return cached;
  }
  try {
    const result = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    const text = (await result.Body?.transformToString("utf-8")) ?? "";
    remember(cacheKey, text);
    return text;
  } catch (error) {
    if (error instanceof NoSuchKey) {
      throw new GlossError("not_found", "document.text_missing", "the document's text is missing");
    }
    throw error;
  }
}

/** Deletes every object under a prefix, a page of 1000 keys at a time. */
export async function deletePrefix(ctx: Context, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const page of listPages(ctx, prefix)) {
    await deleteObjects(
      ctx,
      page.map((o) => o.key),
    );
    deleted += page.length;
    for (const [key, text] of textCache) {
      if (!key.startsWith(`${ctx.bucket}/${prefix}`)) continue;
      textCache.delete(key);
      textCacheSize -= text.length * 2;
    }
  }
  return deleted;
}

/** Deletes these objects (a missing one is no error), 1000 keys a request. */
export async function deleteObjects(ctx: Context, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    await ctx.s3.send(
      new DeleteObjectsCommand({
        Bucket: ctx.bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
}

/** An object under a prefix: its key, size and when it was last written. */
export interface ListedObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

/**
 * The objects under a prefix, a page (up to 1,000, ListObjectsV2) at a time, so a listing of the
 * whole bucket (the sweep) is never held at once. An object without a date reads as written now:
 * of unknown age, it is never taken for old.
 */
export async function* listPages(ctx: Context, prefix: string): AsyncGenerator<ListedObject[]> {
  let token: string | undefined;
  do {
    const page = await ctx.s3.send(
      new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    yield (page.Contents ?? []).flatMap((o) =>
      o.Key ? [{ key: o.Key, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date() }] : [],
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Every object under a prefix, all pages: for small prefixes (a document's, a workspace's packs). */
export async function listObjects(ctx: Context, prefix: string): Promise<ListedObject[]> {
  const listed: ListedObject[] = [];
  for await (const page of listPages(ctx, prefix)) listed.push(...page);
  return listed;
}

/** Reads an object whole as bytes; not_found when it does not exist. */
export async function getBytes(ctx: Context, key: string): Promise<Uint8Array> {
  const bytes = await getBytesIfPresent(ctx, key);
  if (bytes === null) {
    throw new GlossError("not_found", "storage.object_missing", "the stored file is missing");
  }
  return bytes;
}

/** Reads an object whole as bytes, or null when it does not exist (a cache, an optional object). */
export async function getBytesIfPresent(ctx: Context, key: string): Promise<Uint8Array | null> {
  try {
    const result = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    return (await result.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
}

/** The size in bytes of an object, or null when it does not exist. */
export async function sizeOf(ctx: Context, key: string): Promise<number | null> {
  try {
    const result = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    return result.ContentLength ?? 0;
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey) return null;
    throw error;
  }
}

export interface PresignedUpload {
  method: "PUT";
  url: string;
  /** Headers the upload must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * A presigned PUT for one object of exactly `size` bytes. Content-Length and Content-Type are
 * signed, so S3 refuses a body of any other length (SignatureDoesNotMatch) and the size checked by
 * the API is the size stored. (A presigned POST would allow a size range, but its package pins
 * its own copy of the S3 client.) Embedded S3 does not check signatures; ingest checks the size
 * again for that reason.
 */
export async function presignUpload(
  ctx: Context,
  key: string,
  options: { size: number; contentType: string; expiresInSeconds: number },
): Promise<PresignedUpload> {
  const command = new PutObjectCommand({
    Bucket: ctx.bucket,
    Key: key,
    ContentType: options.contentType,
    ContentLength: options.size,
  });
  // Loaded on first use: only direct uploads presign, and the API Lambda's cold start should not
  // parse the presigner (bench/README.md, "Lambda").
  const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
  const url = await getSignedUrl(ctx.s3, command, {
    expiresIn: options.expiresInSeconds,
    signableHeaders: new Set(["content-length", "content-type"]),
  });
  return {
    method: "PUT",
    url,
    headers: { "content-type": options.contentType },
    expiresAt: new Date(ctx.now().getTime() + options.expiresInSeconds * 1000).toISOString(),
  };
}
