import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { afterAll, describe, expect, it } from "vitest";
import { markStopped, repairIndexesAfterCrash } from "../../packages/local/src/index-repair.ts";
import { makeContext } from "../support/app.ts";

describe("the local runtime after an unclean stop", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("rewrites every item when the last run left its marker, keeping each findable by its index", async () => {
    const ctx = await makeContext();
    const dataDir = await mkdtemp(join(tmpdir(), "gloss-repair-"));
    dirs.push(dataDir);
    const workspaceId = await Workspace.ensureDefault(ctx, User.LOCAL_OWNER);
    // A clean start: nothing to repair, and the marker now says a run is under way.
    expect(await repairIndexesAfterCrash(ctx, dataDir)).toBeNull();
    expect(existsSync(join(dataDir, "running"))).toBe(true);

    // A lost index entry itself cannot be made through the API (it takes a kill inside
    // dynalite's update); crash.test.ts kills the runtime that hosts it. Here: the marker
    // protocol, and that the rewrite keeps every item findable through its index.
    const byUser = () =>
      ctx.db.send(
        new QueryCommand({
          TableName: ctx.table,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `USER#${User.LOCAL_OWNER.id}` },
        }),
      );
    expect((await byUser()).Items?.length).toBeGreaterThan(0);

    // The run is killed: its marker stays, so the next start rewrites every item.
    const rewritten = await repairIndexesAfterCrash(ctx, dataDir);
    expect(rewritten).toBeGreaterThan(9); // the workspace, its member and its nine codes at least
    expect((await byUser()).Items?.some((i) => i.workspaceId === workspaceId)).toBe(true);

    // A clean stop removes the marker: the next start repairs nothing.
    await markStopped(dataDir);
    expect(existsSync(join(dataDir, "running"))).toBe(false);
    expect(await repairIndexesAfterCrash(ctx, dataDir)).toBeNull();
  });
});
