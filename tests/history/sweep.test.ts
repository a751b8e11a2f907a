import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as History from "@gloss/core/history";
import { describe, expect, it } from "vitest";
import { configureLambdaEnvironment } from "../support/lambda.ts";

/**
 * The background sweep settles history entries a stopped writer left pending, without any read
 * or write of the entity: run here as deployed, through the sweep Lambda's own entry, pointed at
 * the embedded services by SST's resource links.
 */

/** A context whose first command `crashOn` picks is never sent: the writer dies there. */
function crashing(
  ctx: Context,
  crashOn: (name: string, input: Record<string, unknown>) => boolean,
) {
  let crashed = false;
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      if (prop !== "send") return Reflect.get(target, prop, receiver);
      return async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
        if (!crashed && crashOn(command.constructor.name, command.input)) {
          crashed = true;
          throw new Error("crashed after the history entry");
        }
        return target.send(command as never);
      };
    },
  });
  return { ...ctx, db } as Context;
}

const annotationWrite = (name: string, input: Record<string, unknown>) => {
  const sk = (input.Key as { sk?: string } | undefined)?.sk ?? (input.Item as { sk?: string })?.sk;
  return (name === "UpdateCommand" || name === "PutCommand") && String(sk).startsWith("ANN#");
};

async function stored(ctx: Context, workspaceId: string, id: string) {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: { pk: `WS#${workspaceId}`, sk: `ANN#${id}` },
      ConsistentRead: true,
    }),
  );
  return result.Item ?? null;
}

describe("the history sweep", () => {
  it("rolls forward an update and a create whose writers stopped after their entries", async () => {
    const base = await configureLambdaEnvironment();
    // The writers ran two minutes ago: past the lease a create's own writer holds.
    const ctx: Context = { ...base, now: () => new Date(Date.now() - 120_000) };
    const WS = "ws_sweep_history";
    const text = "Seven men were held without charge for ninety days.";
    const doc = await Document.create(ctx, WS, "usr_owner", { title: "Report", text });
    const first = await Annotation.create(ctx, WS, doc.id, "usr_owner", {
      start: 0,
      end: 9,
      exact: "Seven men",
      tags: [],
      note: "before",
    });

    // An edit whose writer died between its entry and its change.
    const item = (await stored(ctx, WS, first.id))!;
    await expect(
      History.changeItem(crashing(ctx, annotationWrite), {
        kind: "annotation",
        item,
        set: { note: "after" },
        action: "update",
        documentId: doc.id,
      }),
    ).rejects.toThrow("crashed");
    // A create whose writer died the same way.
    const createdId = `ann_${doc.id}_late`;
    await expect(
      History.createItem(crashing(ctx, annotationWrite), {
        kind: "annotation",
        documentId: doc.id,
        item: {
          ...item,
          sk: `ANN#${createdId}`,
          gsi1sk: `ANN#0000000010#0000000013#${createdId}`,
          id: createdId,
          start: 10,
          end: 13,
          exact: "men",
          note: "late",
          version: 1,
        },
      }),
    ).rejects.toThrow("crashed");
    expect((await stored(ctx, WS, first.id))?.note).toBe("before");
    expect(await stored(ctx, WS, createdId)).toBeNull();

    const { handler } = await import("@gloss/functions/sweep");
    await handler();

    // Nothing read the history or touched the passages: the sweep completed both.
    expect(await stored(ctx, WS, first.id)).toMatchObject({ note: "after", version: 2 });
    expect(await stored(ctx, WS, createdId)).toMatchObject({ note: "late", version: 1 });
    // A second run finds nothing left to do and changes nothing.
    const again = await History.sweepPendingHistory(base);
    expect(again.settled.pending).toBe(0);
    expect(await stored(ctx, WS, first.id)).toMatchObject({ note: "after", version: 2 });
  }, 120_000);
});
