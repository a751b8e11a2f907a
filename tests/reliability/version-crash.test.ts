import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { addVersion } from "@gloss/core/ingest";
import { beforeAll, describe, expect, it } from "vitest";
import { batchWrite } from "../../packages/core/src/db/batch.ts";
import { makeContext } from "../support/app.ts";

/**
 * A version change interrupted at every write it makes (a crash is "no further request reaches
 * storage"), then read back as a client would, and then resumed once the lease has run out.
 * At every instant the served version and every annotation's anchors must agree: an anchored
 * annotation is on the served version and its quote is the served text at its offsets.
 */

const COUNT = 8;
const PLACES = [
  "the river crossing at dawn",
  "a locked storeroom behind the kitchen",
  "the recruiter's office above the pharmacy",
  "two guards with radios at the gate",
  "passports kept in a metal cabinet",
  "a bus with covered windows",
  "wages withheld for eleven months",
  "a fire in the eastern dormitory",
  "the clinic that refused treatment",
  "debts written in a green ledger",
  "a checkpoint on the northern road",
  "children sorting fish at night",
];
const SENTENCE = (i: number) => `Witness ${i + 1} described ${PLACES[i]}.`;
const V1 = Array.from({ length: COUNT }, (_, i) => SENTENCE(i)).join("\n\n");
// Offsets shift (a preface), one passage is reworded (moved) and one is gone (orphaned).
const V2 = `Editor's note: names were changed.\n\n${V1.replace(
  "Witness 4 described",
  "Witness 4 later described",
).replace(`${SENTENCE(5)}\n\n`, "")}`;
const WS = "ws_crash";
const LEASE_MS = 6 * 60 * 1000;

const WRITES = new Set([
  "PutCommand",
  "UpdateCommand",
  "DeleteCommand",
  "BatchWriteCommand",
  "PutObjectCommand",
  "DeleteObjectCommand",
]);

/** A context whose storage stops answering after `writes` writes have been sent: a crash. */
function crashingAfter(
  ctx: Context,
  writes: number,
): { ctx: Context; crashed: () => boolean; sent: () => number } {
  let sent = 0;
  let dead = false;
  const guard = <T extends { send: (...args: never[]) => unknown }>(client: T): T =>
    new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== "send") return Reflect.get(target, prop, receiver);
        return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
          if (dead) return Promise.reject(new Error("crashed"));
          if (WRITES.has(command.constructor.name) && ++sent > writes) {
            dead = true;
            return Promise.reject(new Error("crashed"));
          }
          return (target.send as (...a: unknown[]) => unknown).call(target, command, ...rest);
        };
      },
    });
  return {
    ctx: { ...ctx, db: guard(ctx.db), s3: guard(ctx.s3) },
    crashed: () => dead,
    sent: () => sent,
  };
}

/** A document with COUNT annotations, seeded with batch writes in the shape `create` writes. */
async function seed(ctx: Context): Promise<{ documentId: string; ids: string[] }> {
  const doc = await Document.create(ctx, WS, "usr_owner", { title: "Testimonies", text: V1 });
  const now = ctx.now().toISOString();
  const ids = Array.from({ length: COUNT }, (_, i) => `ann_${doc.id}_${i}`);
  await batchWrite(
    ctx,
    ids.map((id, i) => {
      const exact = SENTENCE(i);
      const start = V1.indexOf(exact);
      const end = start + exact.length;
      return {
        PutRequest: {
          Item: {
            pk: `WS#${WS}`,
            sk: `ANN#${id}`,
            gsi1pk: `DOC#${doc.id}`,
            gsi1sk: `ANN#${String(start).padStart(10, "0")}#${String(end).padStart(10, "0")}#${id}`,
            type: "annotation",
            id,
            workspaceId: WS,
            documentId: doc.id,
            start,
            end,
            exact,
            prefix: V1.slice(Math.max(0, start - 32), start),
            suffix: V1.slice(end, end + 32),
            tags: [],
            note: `n${i}`,
            status: "anchored",
            textVersion: 1,
            createdBy: "usr_owner",
            createdAt: now,
            updatedAt: now,
            version: 1,
          },
        },
      };
    }),
  );
  return { documentId: doc.id, ids };
}

/** Every annotation as a client reads it (by document, by workspace, one by one) agrees. */
async function expectConsistent(ctx: Context, documentId: string, ids: string[]) {
  const document = await Document.get(ctx, WS, documentId);
  const text = await Document.getText(ctx, WS, documentId);
  expect(text).toBe(document.textVersion === 1 ? V1 : V2);
  const byDocument = (await Annotation.listByDocument(ctx, WS, documentId, { limit: 500 })).items;
  const byWorkspace = (await Annotation.listByWorkspace(ctx, WS, { limit: 500 })).items.filter(
    (a) => a.documentId === documentId,
  );
  // One by one for a few: the same placement rules as the lists.
  const single = await Promise.all(ids.slice(0, 3).map((id) => Annotation.get(ctx, WS, id)));
  expect(single.map((a) => a.id)).toEqual(ids.slice(0, 3));
  for (const list of [byDocument, byWorkspace, single]) {
    for (const a of list) {
      if (a.status !== "anchored") continue;
      expect({ id: a.id, textVersion: a.textVersion }).toEqual({
        id: a.id,
        textVersion: document.textVersion,
      });
      expect({ id: a.id, exact: text.slice(a.start, a.end) }).toEqual({ id: a.id, exact: a.exact });
    }
  }
  expect(byDocument.map((a) => a.id).sort()).toEqual([...ids].sort()); // nothing lost
  expect(byWorkspace).toHaveLength(ids.length);
  return { document, annotations: byDocument };
}

describe("a version change interrupted at any write", () => {
  let ctx: Context;
  let clock = Date.parse("2026-03-01T09:00:00Z");
  beforeAll(async () => {
    ctx = await makeContext({ now: () => new Date(clock) });
  });

  it("never serves an annotation on words other than its quote, and resumes after the lease", async () => {
    // How many writes an uninterrupted change makes: every one of them is a kill point.
    const probe = await seed(ctx);
    const counter = crashingAfter(ctx, Number.POSITIVE_INFINITY);
    const whole = await addVersion(counter.ctx, WS, probe.documentId, { text: V2 });
    expect(whole.annotations).toEqual({
      total: COUNT,
      unchanged: 0,
      moved: COUNT - 1,
      orphaned: 1,
    });
    await expectConsistent(ctx, probe.documentId, probe.ids);
    const writes = counter.sent();
    expect(writes).toBeGreaterThan(COUNT);

    let interrupted = 0;
    const started = Date.now();
    for (let killAt = 0; killAt <= writes + 2; killAt++) {
      const { documentId, ids } = await seed(ctx);
      const crashing = crashingAfter(ctx, killAt);
      await addVersion(crashing.ctx, WS, documentId, { text: V2 }).catch((error: Error) => {
        if (error.message !== "crashed") throw error;
      });
      if (crashing.crashed()) interrupted++;
      const before = await expectConsistent(ctx, documentId, ids);

      // The next request after the lease resumes the change, or finds it done.
      clock += LEASE_MS + 1000;
      if (before.document.textVersion === 1) {
        const resumed = await addVersion(ctx, WS, documentId, { text: V2 });
        expect(resumed.document.textVersion).toBe(2);
      }
      const after = await expectConsistent(ctx, documentId, ids);
      expect(after.document.textVersion).toBe(2);
      // Resumed or finished, every surviving passage is found again on version 2.
      expect(after.annotations.filter((a) => a.status === "anchored")).toHaveLength(COUNT - 1);
    }
    // The probe also noted the workspace's history activity, once per process (history/sweep.ts).
    expect(interrupted).toBeGreaterThan(writes - 2);
    console.log(`${writes} kill points in ${Date.now() - started} ms`);
  }, 180_000);
});
