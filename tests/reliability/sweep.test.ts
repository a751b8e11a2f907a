import { PutObjectCommand } from "@aws-sdk/client-s3";
import { sweepOrphanObjects } from "@gloss/core/sweep";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { objectKeys } from "../support/data.ts";

describe("sweeping unused objects", () => {
  it("deletes the objects of documents that have no item, and nothing else", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const kept = (await t.call("POST", `${base}/documents`, { title: "Kept", text: "Still here." }))
      .body;
    // What a create interrupted after its S3 writes leaves: objects, no item.
    const orphan = `workspaces/${t.workspaceId}/documents/doc_01ORPHAN0000000000000000000/v1/`;
    for (const name of ["text.txt", "original/pasted.txt"]) {
      await t.ctx.s3.send(
        new PutObjectCommand({ Bucket: t.ctx.bucket, Key: `${orphan}${name}`, Body: "lost" }),
      );
    }
    await t.ctx.s3.send(
      new PutObjectCommand({ Bucket: t.ctx.bucket, Key: "health", Body: "not a document" }),
    );

    // Young objects are left alone: a create may still be writing its item.
    const young = await sweepOrphanObjects(t.ctx);
    expect(young.documentsSwept).toBe(0);

    const result = await sweepOrphanObjects(t.ctx, { olderThanMs: 0 });
    expect(result).toMatchObject({ documentsSwept: 1, objectsDeleted: 2 });
    const keys = await objectKeys(t.ctx, "");
    expect(keys.filter((k) => k.startsWith(orphan))).toEqual([]);
    expect(keys.some((k) => k.includes(kept.id))).toBe(true);
    expect(keys).toContain("health");
    expect((await t.call("GET", `${base}/documents/${kept.id}/text`)).text).toBe("Still here.");
  });
});
