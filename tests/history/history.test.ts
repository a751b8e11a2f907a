import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import * as History from "@gloss/core/history";
import { describe, expect, it } from "vitest";
import { makeContext, makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
  tagsPath,
} from "../support/data.ts";

/** A clock the test moves: one second per reading, plus whatever the test adds. */
function steerableClock() {
  let now = Date.parse("2025-03-01T09:00:00Z");
  return {
    now: () => {
      now += 1000;
      return new Date(now);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const historyPath = (t: TestApp, annId: string) => `${annotationPath(t, annId)}/history`;

async function storedItem(ctx: Context, workspaceId: string, annId: string) {
  const result = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: { pk: `WS#${workspaceId}`, sk: `ANN#${annId}` },
      ConsistentRead: true,
    }),
  );
  return result.Item ?? null;
}

/**
 * The same context, whose storage client dies (as a killed Lambda would) on the first command
 * `crashOn` picks: the command is never sent, and the request fails there.
 */
function crashing(
  ctx: Context,
  crashOn: (input: Record<string, unknown>, name: string) => boolean,
) {
  let crashed = false;
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      if (prop !== "send") return Reflect.get(target, prop, receiver);
      return async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
        if (!crashed && crashOn(command.input, command.constructor.name)) {
          crashed = true;
          throw new Error("injected crash between the history entry and its change");
        }
        return target.send(command as never);
      };
    },
  });
  return { ...ctx, db } as Context;
}

const writesAnnotation = (input: Record<string, unknown>, name: string) => {
  const key = (input.Key ?? input.Item) as Record<string, string> | undefined;
  return name !== "GetCommand" && name !== "QueryCommand" && /^ANN#/.test(key?.sk ?? "");
};

describe("the history of a passage", () => {
  it("records create, change and delete with who, when, the states before and after, and the request", async () => {
    const clock = steerableClock();
    const t = await makeTestApp({ now: clock.now });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport", { note: "first" });
    const patched = await t.call("PATCH", annotationPath(t, ann.id), {
      tags: ["forced-labour", "trafficking"],
      note: "second",
      version: 1,
    });
    expectStatus(patched, 200);
    const requestId = patched.headers.get("x-request-id");
    expectStatus(await t.call("DELETE", annotationPath(t, ann.id)), 204);

    const reply = await t.call("GET", historyPath(t, ann.id));
    expectStatus(reply, 200);
    const entries = reply.body.items;
    expect(
      entries.map((e: { action: string; version: number; status: string }) => [
        e.action,
        e.version,
        e.status,
      ]),
    ).toEqual([
      ["create", 1, "applied"],
      ["update", 2, "applied"],
      ["delete", 3, "applied"],
    ]);
    expect(entries[0].before).toBeNull();
    expect(entries[0].after).toMatchObject({ exact: "collected every passport", note: "first" });
    expect(entries[1].before).toMatchObject({ note: "first", tags: ["forced-labour"], version: 1 });
    expect(entries[1].after).toMatchObject({
      note: "second",
      tags: ["forced-labour", "trafficking"],
      version: 2,
    });
    expect(entries[1].requestId).toBe(requestId);
    expect(entries[2].after).toBeNull();
    expect(entries[2].before).toMatchObject({ note: "second", version: 2 });
    for (const e of entries) {
      expect(e.by).toBe(ann.createdBy);
      expect(Date.parse(e.at)).not.toBeNaN();
      expect(e.entity).toBe(`annotation:${ann.id}`);
      expect(e.documentId).toBe(doc.id);
    }
    // Kept after the passage is gone, and listed in its document's history and the workspace's.
    const ofDocument = await t.call("GET", `${documentPath(t, doc.id)}/history`);
    expect(ofDocument.body.items.map((e: { action: string }) => e.action)).toEqual([
      "delete",
      "update",
      "create",
    ]);
    const ofWorkspace = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/history?annotationId=${ann.id}`,
    );
    expect(ofWorkspace.body.items).toEqual(entries);
  });

  it("restores a deleted passage exactly: codes, note, anchors and links", async () => {
    const t = await makeTestApp({ now: steerableClock().now });
    const doc = await makeDocument(t);
    const other = await makeDocument(t, { title: "Second report" });
    const ann = await annotate(t, doc.id, "locked in a storeroom overnight", {
      tags: ["arbitrary-detention", "torture"],
      note: "Confinement as punishment.",
    });
    const peer = await annotate(t, other.id, "collected every passport");
    const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
      fromId: ann.id,
      toId: peer.id,
      relation: "corroborates",
      note: "same compound",
    });
    expectStatus(link, 201);
    const before = await storedItem(t.ctx, t.workspaceId, ann.id);
    const docBefore = (await t.call("GET", documentPath(t, doc.id))).body;

    expectStatus(await t.call("DELETE", annotationPath(t, ann.id)), 204);
    expectError(await t.call("GET", annotationPath(t, ann.id)), 404, "annotation.not_found");
    const linksGone = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/links?annotationId=${peer.id}`,
    );
    expect(linksGone.body.items).toEqual([]);

    const restored = await t.call("POST", `${annotationPath(t, ann.id)}/restore`);
    expectStatus(restored, 200);
    expect(restored.body).toEqual({ ...ann, version: 3 });
    const after = await storedItem(t.ctx, t.workspaceId, ann.id);
    expect({ ...after, version: 1 }).toEqual(before);
    const links = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/links?annotationId=${ann.id}`,
    );
    expect(links.body.items).toEqual([link.body]);
    const docAfter = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(docAfter.annotationCount).toBe(docBefore.annotationCount);
    expect(docAfter.tagCounts).toEqual(docBefore.tagCounts);

    // Listed again in its document, and its history says how it came back.
    const listed = await t.call("GET", `${documentPath(t, doc.id)}/annotations`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([ann.id]);
    const entries = (await t.call("GET", historyPath(t, ann.id))).body.items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "delete",
      "restore",
    ]);
    // A passage that is not deleted cannot be restored over itself.
    expectError(
      await t.call("POST", `${annotationPath(t, ann.id)}/restore`),
      409,
      "annotation.not_deleted",
    );
    expectError(
      await t.call("POST", `${annotationPath(t, "ann_NONE")}/restore`),
      404,
      "annotation.not_found",
    );
  });

  it("offers no route that changes or deletes an entry, and never overwrites one", async () => {
    const t = await makeTestApp({ now: steerableClock().now });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport");
    const original = (await t.call("GET", historyPath(t, ann.id))).body;
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      for (const path of [
        historyPath(t, ann.id),
        `/api/workspaces/${t.workspaceId}/history`,
        `${documentPath(t, doc.id)}/history`,
      ]) {
        const reply = await t.call(method, path, { items: [] });
        expect([404, 405], `${method} ${path}`).toContain(reply.status);
        expect(reply.body.error.code).toBeTruthy();
      }
    }
    // The key is (entity, version) and every put is conditional on it being free.
    const forged = await History.commit(t.ctx, {
      workspaceId: t.workspaceId,
      kind: "annotation",
      entityId: ann.id,
      version: 1,
      action: "create",
      before: null,
      after: { note: "forged" },
      write: { op: "delete", key: { pk: `WS#${t.workspaceId}`, sk: `ANN#${ann.id}` }, expect: 99 },
    });
    expect(forged).toEqual({ ok: false, reason: "taken" });
    expect((await t.call("GET", historyPath(t, ann.id))).body).toEqual(original);
    expectStatus(await t.call("GET", annotationPath(t, ann.id)), 200);
  });

  it("records codes, links and document metadata", async () => {
    const t = await makeTestApp({ now: steerableClock().now });
    const doc = await makeDocument(t);
    const code = await t.call("POST", tagsPath(t), { label: "Debt bondage", color: "#123456" });
    expectStatus(code, 201);
    const renamed = await t.call("PATCH", `${tagsPath(t)}/${code.body.id}`, {
      label: "Debt bondage (ILO)",
      version: 1,
    });
    expectStatus(renamed, 200);
    const a = await annotate(t, doc.id, "collected every passport", { tags: [code.body.id] });
    const b = await annotate(t, doc.id, "locked in a storeroom");
    const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
      fromId: a.id,
      toId: b.id,
      relation: "related",
    });
    expectStatus(
      await t.call("DELETE", `/api/workspaces/${t.workspaceId}/links/${link.body.id}`),
      204,
    );
    expectStatus(
      await t.call("PATCH", documentPath(t, doc.id), {
        title: "Renamed report",
        version: doc.version,
      }),
      200,
    );
    const del = await t.call("DELETE", `${tagsPath(t)}/${code.body.id}?force=1`);

    const of = async (entity: string) =>
      (
        await t.call("GET", `/api/workspaces/${t.workspaceId}/history?entity=${entity}`)
      ).body.items.map(
        (e: {
          action: string;
          before: { label?: string; title?: string } | null;
          after: { label?: string; title?: string } | null;
        }) => [
          e.action,
          e.before?.label ?? e.before?.title ?? null,
          e.after?.label ?? e.after?.title ?? null,
        ],
      );
    expect((await of(`code:${code.body.id}`)).slice(0, 2)).toEqual([
      ["create", null, "Debt bondage"],
      ["update", "Debt bondage", "Debt bondage (ILO)"],
    ]);
    expect((await of(`link:${link.body.id}`)).map((e: unknown[]) => e[0])).toEqual([
      "create",
      "delete",
    ]);
    expect(await of(`document:${doc.id}`)).toContainEqual([
      "update",
      "Border town report",
      "Renamed report",
    ]);
    if (del.status === 204) {
      expect((await of(`code:${code.body.id}`)).at(-1)?.[0]).toBe("delete");
      const stripped = (await t.call("GET", historyPath(t, a.id))).body.items.at(-1);
      expect(stripped).toMatchObject({
        action: "update",
        cause: `code.delete:${code.body.id}`,
        after: { tags: [] },
      });
    }
  });

  it("exports the workspace history as JSON Lines and CSV", async () => {
    const t = await makeTestApp({ now: steerableClock().now });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport", {
      note: '=cmd|"/c calc"!A1, and\nmore',
    });
    expectStatus(await t.call("DELETE", annotationPath(t, ann.id)), 204);
    const jsonl = await t.call("GET", `/api/workspaces/${t.workspaceId}/exports/history.jsonl`);
    expectStatus(jsonl, 200);
    const lines = jsonl.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((e) => e.entity === `annotation:${ann.id}`).map((e) => e.action)).toEqual([
      "create",
      "delete",
    ]);
    const csv = await t.call("GET", `/api/workspaces/${t.workspaceId}/exports/history.csv`);
    expectStatus(csv, 200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.startsWith(`${History.HISTORY_COLUMNS.join(",")}\r\n`)).toBe(true);
  });
});

describe("a crash between a history entry and its change", () => {
  it("never leaves a change without its entry: a change whose entry failed is not made", async () => {
    const clock = steerableClock();
    const ctx = await makeContext({ now: clock.now });
    const t = await makeTestApp({ ctx });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport", { note: "kept" });
    const dying = await makeTestApp({
      ctx: crashing(
        ctx,
        (input, name) => name === "PutCommand" && /^HIST#/.test((input.Item as { sk: string }).sk),
      ),
    });
    const reply = await dying.call("PATCH", annotationPath(t, ann.id), {
      note: "lost",
      version: 1,
    });
    expect(reply.status).toBe(500);
    expect((await storedItem(ctx, t.workspaceId, ann.id))?.note).toBe("kept");
    expect((await t.call("GET", historyPath(t, ann.id))).body.items).toHaveLength(1);
  });

  it("completes a change whose write was lost at the next write of the passage", async () => {
    const ctx = await makeContext({ now: steerableClock().now });
    const t = await makeTestApp({ ctx });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport", { note: "first" });
    const dying = await makeTestApp({ ctx: crashing(ctx, writesAnnotation) });
    expect(
      (await dying.call("PATCH", annotationPath(t, ann.id), { note: "second", version: 1 })).status,
    ).toBe(500);
    // In between: the entry is there, its change is not.
    expect((await storedItem(ctx, t.workspaceId, ann.id))?.note).toBe("first");
    const entry = await History.getEntry(ctx, t.workspaceId, `annotation:${ann.id}`, 2);
    expect(entry?.after).toMatchObject({ note: "second" });

    // A retry of the same change finds version 2 recorded, completes it, and says so with a 409.
    const retry = await t.call("PATCH", annotationPath(t, ann.id), { note: "second", version: 1 });
    expectError(retry, 409, "annotation.version_conflict");
    expect(retry.body.error.message).toContain("version 2");
    expect((await storedItem(ctx, t.workspaceId, ann.id))?.note).toBe("second");
    const entries = (await t.call("GET", historyPath(t, ann.id))).body.items;
    expect(entries.map((e: { status: string }) => e.status)).toEqual(["applied", "applied"]);
  });

  it("completes a lost change when its history is next read", async () => {
    const ctx = await makeContext({ now: steerableClock().now });
    const t = await makeTestApp({ ctx });
    const doc = await makeDocument(t);
    const ann = await annotate(t, doc.id, "collected every passport");
    const dying = await makeTestApp({ ctx: crashing(ctx, writesAnnotation) });
    expect((await dying.call("DELETE", annotationPath(t, ann.id))).status).toBe(500);
    expect(await storedItem(ctx, t.workspaceId, ann.id)).not.toBeNull();
    const entries = (await t.call("GET", historyPath(t, ann.id))).body.items;
    expect(entries.map((e: { action: string; status: string }) => [e.action, e.status])).toEqual([
      ["create", "applied"],
      ["delete", "applied"],
    ]);
    expect(await storedItem(ctx, t.workspaceId, ann.id)).toBeNull();
    const counted = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(counted.annotationCount).toBe(0);
  });

  it("completes a lost create once its writer's lease is over, and shows it pending before", async () => {
    const clock = steerableClock();
    const ctx = await makeContext({ now: clock.now });
    const t = await makeTestApp({ ctx });
    const doc = await makeDocument(t);
    const dying = await makeTestApp({ ctx: crashing(ctx, writesAnnotation) });
    const text = (await t.call("GET", `${documentPath(t, doc.id)}/text`)).text;
    const quote = "locked in a storeroom";
    const start = text.indexOf(quote);
    const reply = await dying.call("POST", `${documentPath(t, doc.id)}/annotations`, {
      start,
      end: start + quote.length,
      exact: quote,
      tags: ["torture"],
    });
    expect(reply.status).toBe(500);
    const ofDocument = async () =>
      (await t.call("GET", `${documentPath(t, doc.id)}/history`)).body.items;
    const [pending] = await ofDocument();
    expect(pending).toMatchObject({ action: "create", status: "pending" });
    expect((await t.call("GET", `${documentPath(t, doc.id)}/annotations`)).body.items).toEqual([]);

    clock.advance(History.PUT_LEASE_MS);
    const [completed] = await ofDocument();
    expect(completed).toMatchObject({ action: "create", status: "applied" });
    const listed = (await t.call("GET", `${documentPath(t, doc.id)}/annotations`)).body.items;
    expect(listed.map((a: { id: string; exact: string }) => [a.id, a.exact])).toEqual([
      [pending.entityId, quote],
    ]);
    expect((await t.call("GET", documentPath(t, doc.id))).body.annotationCount).toBe(1);
  });
});

describe("history in backups", () => {
  it("is written into a backup and restored with the workspace, ids mapped", async () => {
    const t = await makeTestApp({ now: steerableClock().now });
    const doc = await makeDocument(t);
    const kept = await annotate(t, doc.id, "collected every passport", { note: "v1" });
    expectStatus(
      await t.call("PATCH", annotationPath(t, kept.id), { note: "v2", version: 1 }),
      200,
    );
    const gone = await annotate(t, doc.id, "locked in a storeroom");
    expectStatus(await t.call("DELETE", annotationPath(t, gone.id)), 204);
    const backup = await (await t.app.request(`/api/workspaces/${t.workspaceId}/backup`)).json();
    expect(backup.totals.history).toBe(backup.history.length);
    expect(backup.history.filter((e: { entityId: string }) => e.entityId === kept.id)).toHaveLength(
      2,
    );

    const target = (await t.call("POST", "/api/workspaces", { name: "Restored" })).body.id;
    const restored = await t.call("POST", `/api/workspaces/${target}/restore`, backup);
    expectStatus(restored, 201);
    const newDoc = restored.body.documents[0].to;
    const annotations = (
      await t.call("GET", `/api/workspaces/${target}/documents/${newDoc}/annotations`)
    ).body.items;
    expect(annotations).toHaveLength(1);
    const history = await t.call(
      "GET",
      `/api/workspaces/${target}/annotations/${annotations[0].id}/history`,
    );
    expect(
      history.body.items.map((e: { action: string; status: string; documentId: string }) => [
        e.action,
        e.status,
        e.documentId,
      ]),
    ).toEqual([
      ["create", "applied", newDoc],
      ["update", "applied", newDoc],
    ]);
    // The deleted passage's history came too, and it restores from it in the new workspace.
    const ofDocument = (
      await t.call("GET", `/api/workspaces/${target}/documents/${newDoc}/history`)
    ).body.items;
    const deletion = ofDocument.find((e: { action: string }) => e.action === "delete");
    expect(deletion.before.exact).toBe("locked in a storeroom");
    const back = await t.call(
      "POST",
      `/api/workspaces/${target}/annotations/${deletion.entityId}/restore`,
    );
    expectStatus(back, 200);
    expect(back.body).toMatchObject({ documentId: newDoc, exact: "locked in a storeroom" });
  });
});
