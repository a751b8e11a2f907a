import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  annotationsPath,
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
  REPORT_TEXT,
  readAllPages,
  tagsPath,
  tickingClock,
  workspaceAnnotationsPath,
} from "../support/data.ts";

const ANN_ID = /^ann_[0-9A-HJKMNP-TV-Z]{26}$/;

describe("annotating a document", () => {
  it("creates, lists, changes and deletes an annotation tagged forced-labour", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const doc = await makeDocument(t);
    const text = (await t.call("GET", `${documentPath(t, doc.id)}/text`)).text;
    const quote = "collected every passport";
    const start = text.indexOf(quote);

    const created = await t.call("POST", annotationsPath(t, doc.id), {
      start,
      end: start + quote.length,
      exact: quote,
      tags: ["forced-labour"],
      note: "Document retention: an ILO indicator.",
    });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({
      workspaceId: t.workspaceId,
      documentId: doc.id,
      start,
      end: start + quote.length,
      exact: quote,
      tags: ["forced-labour"],
      note: "Document retention: an ILO indicator.",
      version: 1,
    });
    expect(created.body.id).toMatch(ANN_ID);
    const annotation = created.body;

    const got = await t.call("GET", annotationPath(t, annotation.id));
    expectStatus(got, 200);
    expect(got.body).toEqual(annotation);

    const listed = await t.call("GET", annotationsPath(t, doc.id));
    expectStatus(listed, 200);
    expect(listed.body).toEqual({ items: [annotation], nextCursor: null });

    const patched = await t.call("PATCH", annotationPath(t, annotation.id), {
      tags: ["forced-labour", "trafficking"],
      note: "Passports held by the supervisor.",
      version: 1,
    });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({
      id: annotation.id,
      start: annotation.start,
      end: annotation.end,
      exact: quote,
      tags: ["forced-labour", "trafficking"],
      note: "Passports held by the supervisor.",
      version: 2,
      createdAt: annotation.createdAt,
    });
    expect(patched.body.updatedAt > annotation.updatedAt).toBe(true);

    const stale = await t.call("PATCH", annotationPath(t, annotation.id), {
      note: "An edit from a tab opened before the last change",
      version: 1,
    });
    expectError(stale, 409, "annotation.version_conflict");
    expect(stale.body.error.details.current).toEqual(patched.body);
    expect((await t.call("GET", annotationPath(t, annotation.id))).body).toEqual(patched.body);

    const deleted = await t.call("DELETE", annotationPath(t, annotation.id));
    expect(deleted.status).toBe(204);
    expectError(await t.call("GET", annotationPath(t, annotation.id)), 404, "annotation.not_found");
    expect((await t.call("GET", annotationsPath(t, doc.id))).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expectError(
      await t.call("DELETE", annotationPath(t, annotation.id)),
      404,
      "annotation.not_found",
    );
  });

  it("lists a document's annotations in text order, whatever order they were made in", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const doc = await makeDocument(t);
    const quotes = [
      "charged them with illegal entry",
      "monthly wage of 450 dollars",
      "locked in a storeroom overnight",
      "Recruiters in the border town",
      "collected every passport",
    ];
    for (const quote of quotes) await annotate(t, doc.id, quote, { text: REPORT_TEXT });
    // Two annotations starting at the same offset sort by their end.
    await annotate(t, doc.id, "Recruiters", { text: REPORT_TEXT });

    const { items, pages } = await readAllPages(t, annotationsPath(t, doc.id), 4);
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    const starts = items.map((a) => a.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(items.map((a) => a.exact)).toEqual([
      "Recruiters",
      "Recruiters in the border town",
      "monthly wage of 450 dollars",
      "collected every passport",
      "locked in a storeroom overnight",
      "charged them with illegal entry",
    ]);
  });

  it("lists only the annotations with a code when a document's list is filtered by tag", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    await annotate(t, doc.id, "collected every passport", { tags: ["forced-labour"] });
    await annotate(t, doc.id, "locked in a storeroom", { tags: ["torture"] });
    const reply = await t.call("GET", `${annotationsPath(t, doc.id)}?tag=torture`);
    expectStatus(reply, 200);
    expect(reply.body.items.map((a: { exact: string }) => a.exact)).toEqual([
      "locked in a storeroom",
    ]);
  });

  it("computes 32 characters of prefix and suffix when the client sends none", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const quote = "collected every passport";
    const annotation = await annotate(t, doc.id, quote, { text: REPORT_TEXT });
    const start = REPORT_TEXT.indexOf(quote);
    const end = start + quote.length;
    expect(annotation.prefix).toBe(REPORT_TEXT.slice(start - 32, start));
    expect(annotation.suffix).toBe(REPORT_TEXT.slice(end, end + 32));
    expect(annotation.prefix).toHaveLength(32);
    expect(annotation.suffix).toHaveLength(32);
  });

  it("shortens the context at the edges of the text", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const first = await annotate(t, doc.id, "Recruiters", { text: REPORT_TEXT });
    expect(first.prefix).toBe("");
    expect(first.suffix).toBe(REPORT_TEXT.slice(10, 42));
    const last = await annotate(t, doc.id, "illegal entry.", { text: REPORT_TEXT });
    expect(last.suffix).toBe("");
    expect(last.prefix).toBe(REPORT_TEXT.slice(last.start - 32, last.start));
  });

  it("accepts a client's shorter prefix and suffix that agree with the text", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const quote = "collected every passport";
    const start = REPORT_TEXT.indexOf(quote);
    const reply = await t.call("POST", annotationsPath(t, doc.id), {
      start,
      end: start + quote.length,
      exact: quote,
      prefix: "supervisor ",
      suffix: " and told",
      tags: ["forced-labour"],
    });
    expectStatus(reply, 201);
    expect(reply.body.prefix.endsWith("supervisor ")).toBe(true);
    expect(reply.body.suffix.startsWith(" and told")).toBe(true);
  });

  it("keeps an annotation that has only a note", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const reply = await t.call("POST", annotationsPath(t, doc.id), {
      start: 0,
      end: 10,
      exact: "Recruiters",
      note: "Who were they working for?",
    });
    expectStatus(reply, 201);
    expect(reply.body).toMatchObject({ tags: [], note: "Who were they working for?" });
  });

  it("refuses to empty an annotation of both its codes and its note", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const annotation = await annotate(t, doc.id, "collected every passport");
    const reply = await t.call("PATCH", annotationPath(t, annotation.id), {
      tags: [],
      version: 1,
    });
    expectError(reply, 422, "annotation.empty");
    expect((await t.call("GET", annotationPath(t, annotation.id))).body).toEqual(annotation);
  });
});

describe("workspace-wide annotation list", () => {
  async function corpus() {
    const t = await makeTestApp({ now: tickingClock() });
    const first = await makeDocument(t, { title: "Border town report" });
    const second = await makeDocument(t, {
      title: "Follow-up interview",
      text: "The supervisor kept our passports in his office.\n\nWe worked sixteen hours a day to pay a debt that kept growing.\n\nThe police sent us back to the compound.",
    });
    const made = [
      await annotate(t, first.id, "collected every passport", { tags: ["forced-labour"] }),
      await annotate(t, second.id, "kept our passports", {
        tags: ["forced-labour", "trafficking"],
      }),
      await annotate(t, first.id, "locked in a storeroom overnight", { tags: ["torture"] }),
      await annotate(t, second.id, "a debt that kept growing", { tags: ["forced-labour"] }),
      await annotate(t, first.id, "Recruiters", { tags: ["deceptive-recruitment"] }),
      await annotate(t, second.id, "sent us back to the compound", { tags: ["state-response"] }),
    ];
    return { t, first, second, made };
  }

  it("pages through every annotation of the workspace once, in creation order", async () => {
    const { t, made } = await corpus();
    const { items, pages, cursors } = await readAllPages(t, workspaceAnnotationsPath(t), 4);
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(cursors.at(-1)).toBeNull();
    expect(items.map((a) => a.id)).toEqual(made.map((a) => a.id));
  });

  it("filters by code across documents, page by page", async () => {
    const { t, made } = await corpus();
    const { items } = await readAllPages(t, `${workspaceAnnotationsPath(t)}?tag=forced-labour`, 1);
    expect(items.map((a) => a.id)).toEqual([made[0].id, made[1].id, made[3].id]);
    expect(items.every((a) => a.tags.includes("forced-labour"))).toBe(true);
    const none = await t.call("GET", `${workspaceAnnotationsPath(t)}?tag=corruption`);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it("filters by document, in text order", async () => {
    const { t, first, made } = await corpus();
    const { items } = await readAllPages(
      t,
      `${workspaceAnnotationsPath(t)}?documentId=${first.id}`,
      2,
    );
    expect(items.map((a) => a.id)).toEqual([made[4].id, made[0].id, made[2].id]);
  });

  it("combines the document and code filters", async () => {
    const { t, second, made } = await corpus();
    const reply = await t.call(
      "GET",
      `${workspaceAnnotationsPath(t)}?documentId=${second.id}&tag=forced-labour`,
    );
    expectStatus(reply, 200);
    expect(reply.body.items.map((a: { id: string }) => a.id)).toEqual([made[1].id, made[3].id]);
  });
});

describe("deleting a code", () => {
  it("refuses to delete a code in use, keeping the code and the annotations", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const annotation = await annotate(t, doc.id, "collected every passport", {
      tags: ["forced-labour", "trafficking"],
    });
    const reply = await t.call("DELETE", `${tagsPath(t)}/forced-labour`);
    expectError(reply, 409, "tag.in_use");
    const tags = (await t.call("GET", tagsPath(t))).body.items.map((x: { id: string }) => x.id);
    expect(tags).toContain("forced-labour");
    expect((await t.call("GET", annotationPath(t, annotation.id))).body).toEqual(annotation);
  });

  it("with mode=remove, takes the code off every annotation and then deletes it", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const both = await annotate(t, doc.id, "collected every passport", {
      tags: ["forced-labour", "trafficking"],
    });
    const only = await annotate(t, doc.id, "owed the cost of their journey", {
      tags: ["forced-labour"],
      note: "Debt bondage.",
    });
    const other = await annotate(t, doc.id, "locked in a storeroom", { tags: ["torture"] });

    const reply = await t.call("DELETE", `${tagsPath(t)}/forced-labour?mode=remove`);
    expectStatus(reply, 200);
    expect(reply.body).toEqual({ deleted: true, annotationsChanged: 2 });

    const tags = (await t.call("GET", tagsPath(t))).body.items.map((x: { id: string }) => x.id);
    expect(tags).not.toContain("forced-labour");
    const reread = (id: string) => t.call("GET", annotationPath(t, id)).then((r) => r.body);
    expect(await reread(both.id)).toMatchObject({ tags: ["trafficking"], version: 2 });
    expect(await reread(only.id)).toMatchObject({ tags: [], note: "Debt bondage.", version: 2 });
    expect(await reread(other.id)).toEqual(other);
    const filtered = await t.call("GET", `${workspaceAnnotationsPath(t)}?tag=forced-labour`);
    expect(filtered.body.items).toEqual([]);
  });

  it("deletes an unused code", async () => {
    const t = await makeTestApp();
    const reply = await t.call("DELETE", `${tagsPath(t)}/corruption`);
    expectStatus(reply, 200);
    expect(reply.body).toEqual({ deleted: true, annotationsChanged: 0 });
    expectError(await t.call("DELETE", `${tagsPath(t)}/corruption`), 404, "tag.not_found");
  });

  it("no longer accepts a deleted code on new annotations", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    expectStatus(await t.call("DELETE", `${tagsPath(t)}/corruption`), 200);
    const reply = await t.call("POST", annotationsPath(t, doc.id), {
      start: 0,
      end: 10,
      exact: "Recruiters",
      tags: ["corruption"],
    });
    expectError(reply, 422, "annotation.unknown_tag");
  });
});
