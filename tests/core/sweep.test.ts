import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { sweepAllowance, sweepOrphanObjects } from "@gloss/core/sweep";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { describe, expect, it } from "vitest";
import { makeContext } from "../support/app.ts";

/** A workspace with `kept` real documents and `orphans` documents that have objects but no item. */
async function seed(kept: number, orphans: number) {
  const ctx: Context = await makeContext();
  const user = await User.getOrCreateByEmail(ctx, "sweep@example.org");
  const ws = await Workspace.ensureDefault(ctx, user);
  for (let i = 0; i < kept; i++) {
    await Document.create(ctx, ws, user.id, { title: `Kept ${i}`, text: `Still here ${i}.` });
  }
  for (let i = 0; i < orphans; i++) {
    const id = `doc_01ORPHAN${String(i).padStart(18, "0")}`;
    await ctx.s3.send(
      new PutObjectCommand({
        Bucket: ctx.bucket,
        Key: `workspaces/${ws}/documents/${id}/v1/text.txt`,
        Body: "lost",
      }),
    );
  }
  const documents = async () => {
    const listed = await ctx.s3.send(new ListObjectsV2Command({ Bucket: ctx.bucket }));
    return new Set((listed.Contents ?? []).map((o) => o.Key!.split("/")[3])).size;
  };
  return { ctx, documents };
}

describe("the sweep's limits", () => {
  it("deletes nothing when no document in the bucket has an item (an empty or wrong table)", async () => {
    const { ctx, documents } = await seed(0, 3);
    const result = await sweepOrphanObjects(ctx, { olderThanMs: 0 });
    expect(result).toMatchObject({
      documentsOrphaned: 3,
      documentsSwept: 0,
      refused: "table_empty",
    });
    expect(await documents()).toBe(3);
  });

  it("deletes nothing when a large share of documents has no item (a restored table)", async () => {
    const { ctx, documents } = await seed(12, 12);
    const result = await sweepOrphanObjects(ctx, { olderThanMs: 0 });
    expect(result).toMatchObject({ documentsJudged: 24, documentsOrphaned: 12, documentsSwept: 0 });
    expect(result.refused).toBe("too_many_orphans");
    expect(await documents()).toBe(24);
  });

  it("deletes at most its share per run and the rest on later runs", async () => {
    const { ctx, documents } = await seed(8, 3);
    const limits = { maxShare: 0.05, minPerRun: 2, refuseShare: 0.5 };
    const first = await sweepOrphanObjects(ctx, { olderThanMs: 0, limits });
    expect(first).toMatchObject({ documentsOrphaned: 3, documentsSwept: 2 });
    expect(await documents()).toBe(9);
    const second = await sweepOrphanObjects(ctx, { olderThanMs: 0, limits });
    expect(second).toMatchObject({ documentsOrphaned: 1, documentsSwept: 1 });
    expect(await documents()).toBe(8);
  });

  it("allows a few leftovers, a small share of a large bucket, and refuses a different table", () => {
    expect(sweepAllowance(3, 1)).toEqual({ allowed: 1 });
    expect(sweepAllowance(10_000, 300)).toEqual({ allowed: 300 });
    expect(sweepAllowance(10_000, 1_500)).toEqual({ allowed: 500 });
    expect(sweepAllowance(10_000, 3_000)).toEqual({ allowed: 0, refused: "too_many_orphans" });
    expect(sweepAllowance(40, 40)).toEqual({ allowed: 0, refused: "table_empty" });
  });
});
