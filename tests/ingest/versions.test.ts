import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationsPath,
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
  partitionItems,
  REPORT_TEXT,
} from "../support/data.ts";

const REVISED = `Editor's note: names have been changed to protect those interviewed.\n\n${REPORT_TEXT.replace(
  "collected every passport",
  "collected all the passports",
).replace(
  "Anyone who missed the daily target was locked in a storeroom overnight without food.\n\n",
  "",
)}`;

describe("new versions of a document", () => {
  it("re-anchors annotations onto the new text and reports moved and orphaned counts", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const wage = await annotate(t, doc.id, "monthly wage of 450 dollars", {
      tags: ["deceptive-recruitment"],
    });
    const passports = await annotate(
      t,
      doc.id,
      "the supervisor collected every passport and told the men",
    );
    const locked = await annotate(t, doc.id, "locked in a storeroom overnight", {
      tags: ["torture"],
    });

    const reply = await t.call("POST", `${documentPath(t, doc.id)}/versions`, { text: REVISED });
    expectStatus(reply, 201);
    expect(reply.body.document).toMatchObject({
      textVersion: 2,
      pendingVersion: null,
      textLength: REVISED.length,
    });
    expect(reply.body.annotations).toEqual({ total: 3, unchanged: 0, moved: 2, orphaned: 1 });

    const text = (await t.call("GET", `${documentPath(t, doc.id)}/text`)).text;
    expect(text).toBe(REVISED);
    const list = (await t.call("GET", annotationsPath(t, doc.id))).body.items;
    const byId = Object.fromEntries(list.map((a: { id: string }) => [a.id, a]));
    expect(byId[wage.id]).toMatchObject({
      status: "anchored",
      textVersion: 2,
      exact: "monthly wage of 450 dollars",
    });
    expect(text.slice(byId[wage.id].start, byId[wage.id].end)).toBe("monthly wage of 450 dollars");
    expect(byId[passports.id]).toMatchObject({
      status: "anchored",
      exact: "the supervisor collected all the passports and told the men",
    });
    // The orphan keeps its quote and where it was, in version 1, and is never placed elsewhere.
    expect(byId[locked.id]).toMatchObject({
      status: "orphaned",
      textVersion: 1,
      exact: "locked in a storeroom overnight",
      start: locked.start,
      tags: ["torture"],
    });

    // The index that orders annotations by position follows the move.
    const indexed = await partitionItems(t.ctx, { gsi1pk: `DOC#${doc.id}` });
    const wageItem = indexed.find((i) => i.id === wage.id)!;
    expect(wageItem.gsi1sk).toBe(
      `ANN#${String(byId[wage.id].start).padStart(10, "0")}#${String(byId[wage.id].end).padStart(10, "0")}#${wage.id}`,
    );

    // The old version stays readable.
    expect((await t.call("GET", `${documentPath(t, doc.id)}/text?version=1`)).text).toBe(
      REPORT_TEXT,
    );
    expectError(
      await t.call("GET", `${documentPath(t, doc.id)}/text?version=3`),
      404,
      "document.version_not_found",
    );
  });

  it("gives orphans another chance when a later version restores their passage", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const locked = await annotate(t, doc.id, "locked in a storeroom overnight");
    await t.call("POST", `${documentPath(t, doc.id)}/versions`, {
      text: REPORT_TEXT.replace("locked in a storeroom overnight", "punished"),
    });
    const third = await t.call("POST", `${documentPath(t, doc.id)}/versions`, {
      text: REPORT_TEXT,
    });
    expect(third.body.annotations).toMatchObject({ moved: 1, orphaned: 0 });
    const again = (await t.call("GET", annotationsPath(t, doc.id))).body.items[0];
    expect(again).toMatchObject({
      id: locked.id,
      status: "anchored",
      textVersion: 3,
      start: locked.start,
    });
  });

  it("accepts a revised file and keeps annotations whose text did not change in place", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const wage = await annotate(t, doc.id, "monthly wage of 450 dollars");
    const form = new FormData();
    form.append("file", new File([`${REPORT_TEXT}\n\nAn appendix was added.`], "revised.txt"));
    const reply = await t.call("POST", `${documentPath(t, doc.id)}/versions`, form);
    expectStatus(reply, 201);
    expect(reply.body.annotations).toEqual({ total: 1, unchanged: 1, moved: 0, orphaned: 0 });
    expect(reply.body.document).toMatchObject({ textVersion: 2, fileName: "revised.txt" });
    const [again] = (await t.call("GET", annotationsPath(t, doc.id))).body.items;
    expect(again).toMatchObject({ start: wage.start, end: wage.end, textVersion: 2 });
  });

  it("can be repeated after an interruption without moving annotations twice", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const wage = await annotate(t, doc.id, "monthly wage of 450 dollars");
    const Annotation = await import("@gloss/core/annotation");
    const Document = await import("@gloss/core/document");
    // An interrupted run: taken, text stored, annotations placed twice, but never flipped.
    const { change, served } = await Document.beginVersion(t.ctx, t.workspaceId, doc.id, 1);
    await Document.putVersion(t.ctx, t.workspaceId, doc.id, 2, {
      text: REVISED,
      pages: null,
      original: null,
    });
    const versionChange = {
      served,
      target: 2,
      change,
      newText: REVISED,
      textOf: (v: number) => Document.getText(t.ctx, t.workspaceId, doc.id, v),
    };
    await Annotation.placeOnVersion(t.ctx, t.workspaceId, doc.id, versionChange);
    await Annotation.placeOnVersion(t.ctx, t.workspaceId, doc.id, versionChange);
    // Meanwhile, new annotations wait for the change to finish.
    expectError(
      await t.call("POST", annotationsPath(t, doc.id), {
        start: 0,
        end: 10,
        exact: REPORT_TEXT.slice(0, 10),
        tags: ["torture"],
      }),
      409,
      "document.version_in_progress",
    );
    // Until the document flips, readers see the annotation where it is on the served version.
    const [unmoved] = (await t.call("GET", annotationsPath(t, doc.id))).body.items;
    expect(unmoved).toMatchObject({ start: wage.start, textVersion: 1, status: "anchored" });
    await Document.commitVersion(t.ctx, t.workspaceId, doc.id, 1, change, {
      textLength: REVISED.length,
      language: null,
      pageCount: null,
      fileName: null,
      contentType: "text/plain; charset=utf-8",
      originalKey: null,
      uploadKey: null,
    });
    // The flip alone switches every reader to the placement computed beside (moved once).
    const shift = REVISED.indexOf("monthly wage") - REPORT_TEXT.indexOf("monthly wage");
    const [moved] = (await t.call("GET", annotationsPath(t, doc.id))).body.items;
    expect(moved).toMatchObject({ start: wage.start + shift, textVersion: 2, status: "anchored" });
    await Annotation.settleVersion(t.ctx, t.workspaceId, doc.id, versionChange);
    const [settled] = (await t.call("GET", annotationsPath(t, doc.id))).body.items;
    expect(settled).toEqual(moved);
    const [item] = await partitionItems(t.ctx, { gsi1pk: `DOC#${doc.id}` });
    expect(item).toMatchObject({ anchorsFor: 2, start: wage.start + shift });
    expect(item!.nextAnchor).toBeUndefined();
  });

  it("never shows an annotation written on the old version during a change on the new text's words", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const Annotation = await import("@gloss/core/annotation");
    const Document = await import("@gloss/core/document");
    const { change, served } = await Document.beginVersion(t.ctx, t.workspaceId, doc.id, 1);
    await Document.putVersion(t.ctx, t.workspaceId, doc.id, 2, {
      text: REVISED,
      pages: null,
      original: null,
    });
    const versionChange = {
      served,
      target: 2,
      change,
      newText: REVISED,
      textOf: (v: number) => Document.getText(t.ctx, t.workspaceId, doc.id, v),
    };
    await Annotation.placeOnVersion(t.ctx, t.workspaceId, doc.id, versionChange);
    // A create that read the document before the change took it lands after step 3 passed.
    const lease = t.ctx.now;
    t.ctx.now = () => new Date(lease().getTime() + 7 * 60 * 1000);
    const late = await annotate(t, doc.id, "monthly wage of 450 dollars", { text: REPORT_TEXT });
    t.ctx.now = lease;
    await Document.commitVersion(t.ctx, t.workspaceId, doc.id, 1, change, {
      textLength: REVISED.length,
      language: null,
      pageCount: null,
      fileName: null,
      contentType: "text/plain; charset=utf-8",
      originalKey: null,
      uploadKey: null,
    });
    // Served version 2, annotation made on version 1: shown as an orphan, never painted.
    const before = (await t.call("GET", `/api/workspaces/${t.workspaceId}/annotations/${late.id}`))
      .body;
    expect(before).toMatchObject({ status: "orphaned", textVersion: 1, start: late.start });
    const counts = await Annotation.settleVersion(t.ctx, t.workspaceId, doc.id, versionChange);
    expect(counts).toMatchObject({ total: 1, moved: 1 });
    const after = (await t.call("GET", `/api/workspaces/${t.workspaceId}/annotations/${late.id}`))
      .body;
    expect(after).toMatchObject({ status: "anchored", textVersion: 2 });
    expect(REVISED.slice(after.start, after.end)).toBe("monthly wage of 450 dollars");
  });

  it("refuses a new version of a document that is not ready", async () => {
    const t = await makeTestApp();
    const started = await t.call("POST", `/api/workspaces/${t.workspaceId}/documents/uploads`, {
      fileName: "r.pdf",
      size: 100,
    });
    expectError(
      await t.call("POST", `${documentPath(t, started.body.document.id)}/versions`, { text: "x" }),
      409,
      "document.not_ready",
    );
  });
});
