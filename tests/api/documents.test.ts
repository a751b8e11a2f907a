import { canonicalize } from "@gloss/core/text";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationsPath,
  documentPath,
  documentsPath,
  expectError,
  expectStatus,
  makeDocument,
  objectKeys,
  partitionItems,
  REPORT_TEXT,
  readAllPages,
  storageSnapshot,
  tickingClock,
  workspaceAnnotationsPath,
} from "../support/data.ts";

const DOC_ID = /^doc_[0-9A-HJKMNP-TV-Z]{26}$/;

describe("creating documents", () => {
  it("creates a document from JSON with its metadata and canonical text length", async () => {
    const t = await makeTestApp();
    const reply = await t.call("POST", documentsPath(t), {
      title: "Border town report",
      text: REPORT_TEXT,
      sourceUrl: "https://example.org/reports/border-town",
      publishedAt: "2024-11-05",
    });
    expectStatus(reply, 201);
    expect(reply.body).toMatchObject({
      workspaceId: t.workspaceId,
      title: "Border town report",
      sourceUrl: "https://example.org/reports/border-town",
      publishedAt: "2024-11-05",
      status: "ready",
      textLength: REPORT_TEXT.length,
      textVersion: 1,
      fileName: null,
      version: 1,
    });
    expect(reply.body.id).toMatch(DOC_ID);
    expect(reply.body.contentType).toMatch(/^text\/plain/);
  });

  it("stores pasted text in canonical form", async () => {
    const t = await makeTestApp();
    const pasted = "\uFEFFFirst paragraph.  \r\nSecond paragraph.\r\nThird paragraph.\r\n\r\n\r\n";
    const doc = await makeDocument(t, { text: pasted });
    const text = await t.call("GET", `${documentPath(t, doc.id)}/text`);
    expect(text.text).toBe("First paragraph.\n\nSecond paragraph.\n\nThird paragraph.");
    expect(doc.textLength).toBe(text.text.length);
  });

  it("creates a document from an uploaded .txt file, titled after the file name", async () => {
    const t = await makeTestApp();
    const form = new FormData();
    const content = "Interviewer: When did you arrive?\r\nR3: In March, by bus.\r\n";
    form.append("file", new File([content], "Interview 3 (Bangkok).txt", { type: "text/plain" }));
    const reply = await t.call("POST", documentsPath(t), form);
    expectStatus(reply, 201);
    expect(reply.body).toMatchObject({
      title: "Interview 3 (Bangkok)",
      fileName: "Interview 3 (Bangkok).txt",
      textLength: canonicalize(content).length,
    });
    expect(reply.body.contentType).toMatch(/^text\/plain/);
    const text = await t.call("GET", `${documentPath(t, reply.body.id)}/text`);
    expect(text.text).toBe("Interviewer: When did you arrive?\n\nR3: In March, by bus.");
  });

  it("creates a document from an uploaded .md file, titled after its first heading", async () => {
    const t = await makeTestApp();
    const form = new FormData();
    const markdown =
      "# Below deck: wages withheld at sea\n\nDeckhands were paid nothing for ten months.\n";
    form.append("file", new File([markdown], "below-deck.md", { type: "text/markdown" }));
    form.append("sourceUrl", "https://example.org/below-deck");
    const reply = await t.call("POST", documentsPath(t), form);
    expectStatus(reply, 201);
    expect(reply.body).toMatchObject({
      title: "Below deck: wages withheld at sea",
      fileName: "below-deck.md",
      sourceUrl: "https://example.org/below-deck",
    });
    expect(reply.body.contentType).toMatch(/^text\/markdown/);
  });

  it("prefers a title given in the upload form over the file's own", async () => {
    const t = await makeTestApp();
    const form = new FormData();
    form.append("file", new File(["# Draft heading\n\nBody text."], "notes.md"));
    form.append("title", "Field notes, Mae Sot");
    const reply = await t.call("POST", documentsPath(t), form);
    expectStatus(reply, 201);
    expect(reply.body.title).toBe("Field notes, Mae Sot");
  });
});

describe("listing documents", () => {
  it("lists newest first and pages through every document exactly once", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const created: string[] = [];
    for (let i = 1; i <= 5; i++) created.push((await makeDocument(t, { title: `Report ${i}` })).id);

    const { pages, items, cursors } = await readAllPages(t, documentsPath(t), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(cursors.at(-1)).toBeNull();
    expect(cursors.slice(0, -1).every((c) => typeof c === "string" && c.length > 0)).toBe(true);
    expect(items.map((d) => d.id)).toEqual([...created].reverse());
    expect(items.map((d) => d.title)).toEqual([
      "Report 5",
      "Report 4",
      "Report 3",
      "Report 2",
      "Report 1",
    ]);
  });

  it("returns a single page with a null cursor when everything fits", async () => {
    const t = await makeTestApp();
    await makeDocument(t);
    const reply = await t.call("GET", documentsPath(t));
    expectStatus(reply, 200);
    expect(reply.body.items).toHaveLength(1);
    expect(reply.body.nextCursor).toBeNull();
  });

  it("finds documents by a case-insensitive part of the title, across pages", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const titles = [
      "Scam compounds in Myanmar",
      "Harbour inspection notes",
      "Interview: scam compound survivor",
      "Budget annex",
      "SCAM recruitment adverts",
    ];
    for (const title of titles) await makeDocument(t, { title });
    const { items } = await readAllPages(t, `${documentsPath(t)}?q=scam`, 1);
    expect(items.map((d) => d.title)).toEqual([
      "SCAM recruitment adverts",
      "Interview: scam compound survivor",
      "Scam compounds in Myanmar",
    ]);
    const none = await t.call("GET", `${documentsPath(t)}?q=nothing-like-this`);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });
});

describe("reading a document", () => {
  it("returns the document's metadata as created", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { publishedAt: "2024-02-29T08:30:00Z" });
    const reply = await t.call("GET", documentPath(t, doc.id));
    expectStatus(reply, 200);
    expect(reply.body).toEqual(doc);
  });

  it("serves the canonical text as UTF-8 plain text", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const reply = await t.call("GET", `${documentPath(t, doc.id)}/text`);
    expectStatus(reply, 200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/plain;\s*charset=utf-8$/i);
    expect(reply.text).toBe(REPORT_TEXT);
  });
});

describe("changing a document", () => {
  it("changes the title and clears the source, bumping the version", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const doc = await makeDocument(t, { sourceUrl: "https://example.org/a" });
    const reply = await t.call("PATCH", documentPath(t, doc.id), {
      title: "Border town report (revised)",
      sourceUrl: null,
      version: 1,
    });
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({
      id: doc.id,
      title: "Border town report (revised)",
      sourceUrl: null,
      version: 2,
      createdAt: doc.createdAt,
    });
    expect(reply.body.updatedAt > doc.updatedAt).toBe(true);
    expect((await t.call("GET", documentPath(t, doc.id))).body).toEqual(reply.body);
  });

  it("refuses a change made from a stale version with 409 and the current document", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    expectStatus(
      await t.call("PATCH", documentPath(t, doc.id), { title: "First edit", version: 1 }),
      200,
    );
    const stale = await t.call("PATCH", documentPath(t, doc.id), {
      title: "Second edit from an old tab",
      version: 1,
    });
    expectError(stale, 409, "document.version_conflict");
    expect(stale.body.error.details.current).toMatchObject({
      id: doc.id,
      title: "First edit",
      version: 2,
    });
    expect((await t.call("GET", documentPath(t, doc.id))).body.title).toBe("First edit");
  });
});

describe("deleting a document", () => {
  it("removes the document, its text, its annotations and every stored trace of it", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const kept = await makeDocument(t, { title: "Another report" });
    const annotations = [
      await annotate(t, doc.id, "collected every passport", { tags: ["forced-labour"] }),
      await annotate(t, doc.id, "locked in a storeroom overnight", { tags: ["torture"] }),
    ];
    const keptAnnotation = await annotate(t, kept.id, "monthly wage of 450 dollars", {
      tags: ["deceptive-recruitment"],
    });
    expect(await objectKeys(t.ctx, `workspaces/${t.workspaceId}/documents/${doc.id}/`)).not.toEqual(
      [],
    );

    const reply = await t.call("DELETE", documentPath(t, doc.id));
    expect(reply.status).toBe(204);
    expect(reply.text).toBe("");

    expectError(await t.call("GET", documentPath(t, doc.id)), 404, "document.not_found");
    expectError(await t.call("GET", `${documentPath(t, doc.id)}/text`), 404, "document.not_found");
    expectError(await t.call("GET", annotationsPath(t, doc.id)), 404, "document.not_found");
    for (const annotation of annotations) {
      expectError(
        await t.call("GET", `${workspaceAnnotationsPath(t)}/${annotation.id}`),
        404,
        "annotation.not_found",
      );
    }
    const listed = await readAllPages(t, documentsPath(t), 50);
    expect(listed.items.map((d) => d.id)).toEqual([kept.id]);
    const remaining = await readAllPages(t, workspaceAnnotationsPath(t), 50);
    expect(remaining.items.map((a) => a.id)).toEqual([keptAnnotation.id]);

    // Nothing of it is left in storage: not in the workspace's partition, not in the document's
    // annotation index, not anywhere in the table, and no object in the bucket.
    const workspaceItems = await partitionItems(t.ctx, { pk: `WS#${t.workspaceId}` });
    expect(workspaceItems.length).toBeGreaterThan(0);
    // Only its history and its versions' provenance (hashes, who, when; no text) stay:
    // retention outlives the thing described.
    expect(
      workspaceItems.filter(
        (item) =>
          item.type !== "history" &&
          item.type !== "provenance" &&
          JSON.stringify(item).includes(doc.id),
      ),
    ).toEqual([]);
    expect(await partitionItems(t.ctx, { gsi1pk: `DOC#${doc.id}` })).toEqual([]);
    const snapshot = await storageSnapshot(t.ctx);
    expect(
      snapshot.items.filter(
        (item) =>
          item.type !== "history" &&
          item.type !== "provenance" &&
          JSON.stringify(item).includes(doc.id),
      ),
    ).toEqual([]);
    expect(snapshot.objects.filter((key) => key.includes(doc.id))).toEqual([]);
    // …while the other document keeps its objects.
    expect(snapshot.objects.filter((key) => key.includes(kept.id)).length).toBeGreaterThan(0);
  });

  it("answers 404 when the document was already deleted", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    expect((await t.call("DELETE", documentPath(t, doc.id))).status).toBe(204);
    expectError(await t.call("DELETE", documentPath(t, doc.id)), 404, "document.not_found");
  });
});
