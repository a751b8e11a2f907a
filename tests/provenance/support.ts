import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Context } from "@gloss/core/context";

/** Every stored object key under a prefix. */
export async function keysUnder(ctx: Context, prefix: string): Promise<string[]> {
  const page = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key ?? "");
}

/**
 * `sha256sum` of a stored object: read back with GetObject, written to a file, hashed by
 * coreutils, so the hash is independent of the code under test.
 */
export async function sha256sumOf(ctx: Context, key: string): Promise<string> {
  const result = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
  const bytes = await result.Body!.transformToByteArray();
  const dir = mkdtempSync(join(tmpdir(), "gloss-sha-"));
  try {
    const file = join(dir, "object");
    writeFileSync(file, bytes);
    return execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document's objects: `v<N>/text.txt` and `v<N>/original/<name>`. */
export const documentPrefix = (workspaceId: string, documentId: string) =>
  `workspaces/${workspaceId}/documents/${documentId}/`;
