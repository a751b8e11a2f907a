import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { updateVersioned } from "@gloss/core/db";
import { describe, expect, it } from "vitest";
import { makeContext } from "../support/app.ts";

describe("updateVersioned", () => {
  it("sets and removes attributes (reserved words included) from the expected version only", async () => {
    const ctx = await makeContext();
    const key = { pk: "WS#ws_t", sk: "THING#1" };
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.table,
        Item: { ...key, name: "a", rank: 1, note: "x", version: 3 },
      }),
    );
    const updated = await updateVersioned(
      ctx,
      key,
      { set: { name: "b", rank: 2 }, remove: ["note"] },
      { expectVersion: 3 },
    );
    expect(updated).toEqual({ ...key, name: "b", rank: 2, version: 4 });

    expect(await updateVersioned(ctx, key, { set: { name: "c" } }, { expectVersion: 3 })).toBe(
      null,
    );
    const stored = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: key }));
    expect(stored.Item).toEqual({ ...key, name: "b", rank: 2, version: 4 });

    const absent = { pk: "WS#ws_t", sk: "THING#2" };
    expect(await updateVersioned(ctx, absent, { set: { name: "c" } }, { expectVersion: 0 })).toBe(
      null,
    );
    const none = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: absent }));
    expect(none.Item).toBeUndefined();
  });

  it("with expectVersion null applies at any version, still checking `when` and moving the version on", async () => {
    const ctx = await makeContext();
    const key = { pk: "WS#ws_t", sk: "THING#3" };
    await ctx.db.send(
      new PutCommand({ TableName: ctx.table, Item: { ...key, status: "open", version: 7 } }),
    );
    const change = { set: { status: "closed" } };
    const options = { expectVersion: null, when: { status: "open" } };
    expect(await updateVersioned(ctx, key, change, options)).toEqual({
      ...key,
      status: "closed",
      version: 8,
    });
    // Closed now: the same change is refused by `when`, and nothing moves.
    expect(await updateVersioned(ctx, key, change, options)).toBe(null);
    const stored = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: key }));
    expect(stored.Item).toEqual({ ...key, status: "closed", version: 8 });
  });
});
