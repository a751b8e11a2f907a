import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as History from "@gloss/core/history";
import { addVersion } from "@gloss/core/ingest";
import { describe, expect, it } from "vitest";
import { makeContext, makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
} from "../support/data.ts";

const KEPT = "Recruiters promised the workers a monthly wage of 450 dollars.";
const REWORDED = "On arrival the supervisor collected every passport from the men.";
const REMOVED = "Anyone who missed the daily target was locked in a storeroom.";
const V1 = [KEPT, REWORDED, REMOVED, "The company denied the allegations."].join("\n\n");
const V2 = V1.replace("collected every passport", "collected all the passports").replace(
  `${REMOVED}\n\n`,
  "",
);

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
type Json = any;

const reanchorEntries = (entries: Json[]) => entries.filter((e) => e.action === "reanchor");

describe("history of re-anchoring", () => {
  it("records each moved or orphaned passage's anchors before and after, with version and reason", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: V1 });
    const kept = await annotate(t, doc.id, KEPT);
    const moved = await annotate(t, doc.id, REWORDED);
    const gone = await annotate(t, doc.id, REMOVED);
    const reply = await t.call("POST", `${documentPath(t, doc.id)}/versions`, { text: V2 });
    expectStatus(reply, 201);
    expect(reply.body.annotations).toMatchObject({ unchanged: 1, moved: 1, orphaned: 1 });

    const historyOf = async (id: string) =>
      (await t.call("GET", `${annotationPath(t, id)}/history`)).body.items as Json[];
    expect(reanchorEntries(await historyOf(kept.id))).toEqual([]);

    const [move] = reanchorEntries(await historyOf(moved.id));
    expect(move).toMatchObject({
      status: "applied",
      version: moved.version + 1,
      by: doc.createdBy,
      documentId: doc.id,
      before: { exact: REWORDED, textVersion: 1, status: "anchored" },
      after: {
        exact: "On arrival the supervisor collected all the passports from the men.",
        textVersion: 2,
        status: "anchored",
      },
      related: { textVersion: 2, method: "fuzzy" },
    });
    expect(move.related.reason).toMatch(/^moved to version 2 by fuzzy/);
    expect(V2.slice(move.after.start, move.after.end)).toBe(move.after.exact);

    const [orphan] = reanchorEntries(await historyOf(gone.id));
    expect(orphan).toMatchObject({
      status: "applied",
      before: { exact: REMOVED, textVersion: 1, status: "anchored" },
      after: { exact: REMOVED, textVersion: 1, status: "orphaned" },
      related: { textVersion: 2, method: null },
    });
    expect(orphan.related.reason).toMatch(/^orphaned: no place in version 2/);

    // The move made the passage's next version: an edit from before it is a conflict.
    const stale = await t.call("PATCH", annotationPath(t, moved.id), {
      note: "stale",
      version: moved.version,
    });
    expectError(stale, 409, "annotation.version_conflict");
    const fresh = await t.call("PATCH", annotationPath(t, moved.id), {
      note: "fresh",
      version: moved.version + 1,
    });
    expectStatus(fresh, 200);
    // The document's history lists them too.
    const documentHistory = (await t.call("GET", `${documentPath(t, doc.id)}/history`)).body
      .items as Json[];
    expect(
      reanchorEntries(documentHistory)
        .map((e) => e.entityId)
        .sort(),
    ).toEqual([moved.id, gone.id].sort());
  });

  it("never lands an anchor change without its entry, and records each move once when the change is retried", async () => {
    let clock = Date.parse("2026-03-01T09:00:00Z");
    const ctx = await makeContext({ now: () => new Date(clock) });
    const WS = "ws_reanchor_history";
    const seed = async () => {
      const doc = await Document.create(ctx, WS, "usr_owner", { title: "Report", text: V1 });
      const ids: string[] = [];
      for (const quote of [KEPT, REWORDED, REMOVED]) {
        const start = V1.indexOf(quote);
        const created = await Annotation.create(ctx, WS, doc.id, "usr_owner", {
          start,
          end: start + quote.length,
          exact: quote,
          tags: [],
          note: "seen",
        });
        ids.push(created.id);
      }
      return { documentId: doc.id, ids };
    };
    // Writes of an uninterrupted change: each one is a kill point.
    const probe = await seed();
    const counted = crashingAfter(ctx, Number.POSITIVE_INFINITY);
    await addVersion(counted.ctx, WS, probe.documentId, { text: V2, addedBy: "usr_editor" });
    const writes = counted.sent();

    for (let killAt = 0; killAt <= writes; killAt++) {
      const { documentId, ids } = await seed();
      const crashing = crashingAfter(ctx, killAt);
      await addVersion(crashing.ctx, WS, documentId, { text: V2, addedBy: "usr_editor" }).catch(
        (error: Error) => {
          if (error.message !== "crashed") throw error;
        },
      );
      // Before anything reads or settles the history: every anchor a reader is shown that
      // differs from version 1 has its entry in the table.
      await expectEveryMoveRecorded(ctx, WS, documentId, ids, `kill at ${killAt}`);
      clock += 6 * 60 * 1000 + 1000;
      if ((await Document.get(ctx, WS, documentId)).textVersion === 1) {
        await addVersion(ctx, WS, documentId, { text: V2, addedBy: "usr_editor" });
      }
      await expectEveryMoveRecorded(ctx, WS, documentId, ids, `resumed after ${killAt}`);
      // Each move recorded once and applied, however many runs computed it.
      const counts = await Promise.all(
        ids.map(async (id) => {
          const page = await History.listByEntity(ctx, WS, History.entityOf("annotation", id), {
            limit: 50,
          });
          const entries = reanchorEntries(page.items);
          expect(entries.every((e) => e.status !== "pending")).toBe(true);
          return entries.filter((e) => e.status === "applied").length;
        }),
      );
      expect({ killAt, counts }).toEqual({ killAt, counts: [0, 1, 1] });
    }
  }, 180_000);
});

/** Every annotation shown with anchors other than its version-1 ones has a stored entry for them. */
async function expectEveryMoveRecorded(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  ids: string[],
  label: string,
) {
  const shown = (await Annotation.listByDocument(ctx, workspaceId, documentId, { limit: 50 }))
    .items;
  for (const a of shown) {
    // Shown where it was on version 1 (unchanged): nothing moved, nothing to record.
    if (a.status === "anchored" && a.start === V1.indexOf(a.exact)) continue;
    const item = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: { pk: `WS#${workspaceId}`, sk: `ANN#${a.id}` },
        ConsistentRead: true,
      }),
    );
    const version = item.Item?.version as number;
    const entries: Json[] = [];
    for (let v = 2; v <= version + 1; v++) {
      const entry = await History.getEntry(
        ctx,
        workspaceId,
        History.entityOf("annotation", a.id),
        v,
      );
      if (entry?.action === "reanchor") entries.push(entry);
    }
    const shownAnchors = { start: a.start, end: a.end, exact: a.exact, status: a.status };
    expect(
      {
        label,
        id: a.id,
        recorded: entries.some(
          (e) =>
            e.after.start === a.start &&
            e.after.end === a.end &&
            e.after.exact === a.exact &&
            e.after.status === a.status,
        ),
      },
      JSON.stringify({ shownAnchors, entries: entries.map((e) => e.after) }),
    ).toEqual({ label, id: a.id, recorded: true });
  }
  expect(shown.map((a) => a.id).sort()).toEqual([...ids].sort());
}

const WRITES = new Set(["PutCommand", "UpdateCommand", "DeleteCommand", "BatchWriteCommand"]);

/** A context whose storage stops answering after `writes` writes: a crash. */
function crashingAfter(ctx: Context, writes: number) {
  let sent = 0;
  let dead = false;
  const guard = <T extends { send: (...args: never[]) => unknown }>(client: T): T =>
    new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== "send") return Reflect.get(target, prop, receiver);
        return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
          if (dead) return Promise.reject(new Error("crashed"));
          const isWrite =
            WRITES.has(command.constructor.name) || command.constructor.name === "PutObjectCommand";
          if (isWrite && ++sent > writes) {
            dead = true;
            return Promise.reject(new Error("crashed"));
          }
          return (target.send as (...a: unknown[]) => unknown).call(target, command, ...rest);
        };
      },
    });
  return { ctx: { ...ctx, db: guard(ctx.db), s3: guard(ctx.s3) }, sent: () => sent };
}
