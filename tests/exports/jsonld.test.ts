import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  expectError,
  expectStatus,
  makeDocument,
  readAllPages,
  tickingClock,
  workspaceAnnotationsPath,
} from "../support/data.ts";
import { download, exportPath, HOSTILE_TEXT } from "./support.ts";

const importPath = (t: { workspaceId: string }) =>
  `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`;

async function corpus() {
  const t = await makeTestApp({ now: tickingClock() });
  const doc = await makeDocument(t, { title: "Broker report", text: HOSTILE_TEXT });
  const other = await makeDocument(t, { title: "Second source" });
  const broker = await annotate(t, doc.id, "said the broker", {
    tags: ["trafficking", "deceptive-recruitment"],
    note: "Broker named in two sources",
  });
  const police = await annotate(t, doc.id, "الشرطة احتجزت", { tags: ["arbitrary-detention"] });
  const passport = await annotate(t, other.id, "collected every passport", {
    tags: [],
    note: "Only a note",
  });
  const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
    fromId: broker.id,
    toId: passport.id,
    relation: "corroborates",
    note: "Same broker",
  });
  expectStatus(link, 201);
  return { t, doc, other, broker, police, passport };
}

async function exported(t: Awaited<ReturnType<typeof makeTestApp>>, query = "") {
  const reply = await download(t, exportPath(t, "annotations.jsonld", query));
  expect(reply.status).toBe(200);
  return JSON.parse(reply.text);
}

/** What makes two annotations the same passage, regardless of ids and times. */
async function passages(t: Awaited<ReturnType<typeof makeTestApp>>) {
  const { items } = await readAllPages(t, workspaceAnnotationsPath(t), 100);
  return items
    .map((a) => ({
      documentId: a.documentId,
      start: a.start,
      end: a.end,
      exact: a.exact,
      prefix: a.prefix,
      suffix: a.suffix,
      tags: a.tags,
      note: a.note,
    }))
    .sort((a, b) => `${a.documentId}${a.start}`.localeCompare(`${b.documentId}${b.start}`));
}

describe("annotations.jsonld", () => {
  it("is a W3C AnnotationCollection with quote and position selectors, tags and notes", async () => {
    const { t, doc, broker, passport } = await corpus();
    const reply = await download(t, exportPath(t, "annotations.jsonld"));
    expect(reply.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const collection = JSON.parse(reply.text);
    expect(collection["@context"][0]).toBe("http://www.w3.org/ns/anno.jsonld");
    expect(collection.type).toBe("AnnotationCollection");
    const items = collection.first.items;
    expect(items).toHaveLength(4);
    const item = items.find((i: { id: string }) => i.id.endsWith(`/annotations/${broker.id}`));
    expect(item).toMatchObject({
      type: "Annotation",
      creator: {
        id: expect.stringMatching(/\/members\/[^/]+$/),
        type: "Person",
        name: "Local owner",
      },
      // The source is described: the text version the offsets refer to and its hashes.
      target: {
        source: {
          id: `http://localhost/api/workspaces/${t.workspaceId}/documents/${doc.id}`,
          type: "Text",
          format: "text/plain",
          textVersion: 1,
          textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      },
    });
    expect(item.body).toEqual([
      // No `id`: a body with one is an External Web Resource, which may not have a purpose.
      {
        type: "TextualBody",
        purpose: "tagging",
        value: "Human trafficking",
        format: "text/plain",
        codePath: "Labour and exploitation › Human trafficking",
      },
      {
        type: "TextualBody",
        purpose: "tagging",
        value: "Deceptive recruitment",
        format: "text/plain",
        codePath: "Labour and exploitation › Deceptive recruitment",
      },
      {
        type: "TextualBody",
        purpose: "commenting",
        value: "Broker named in two sources",
        format: "text/plain",
      },
    ]);
    // "Workers 🙂 " is 11 UTF-16 units but 10 code points: W3C positions count code points.
    expect(broker.start).toBe(11);
    expect(item.target.selector).toEqual([
      {
        type: "TextQuoteSelector",
        exact: "said the broker",
        prefix: "Workers 🙂 ",
        suffix: broker.suffix,
      },
      { type: "TextPositionSelector", start: 10, end: 25 },
    ]);
    expect([...HOSTILE_TEXT].slice(10, 25).join("")).toBe("said the broker");
    const linking = items.find((i: { motivation: string }) => i.motivation === "linking");
    // The link reads from its target to its body, so RDF's unordered targets lose no direction.
    const iri = (id: string) =>
      `http://localhost/api/workspaces/${t.workspaceId}/annotations/${id}`;
    expect(linking.target).toBe(iri(broker.id));
    expect(linking.body).toEqual([
      { id: iri(passport.id) },
      { type: "TextualBody", purpose: "classifying", value: "corroborates", format: "text/plain" },
      { type: "TextualBody", purpose: "commenting", value: "Same broker", format: "text/plain" },
    ]);
    expect(collection.total).toBe(4);
    expect(collection.first).toMatchObject({
      id: `${collection.id}#page-1`,
      type: "AnnotationPage",
      partOf: { id: collection.id, label: collection.label, total: 4 },
      startIndex: 0,
    });
  });

  it("imports its own export back: the same passages, codes, notes and links", async () => {
    const { t } = await corpus();
    const before = await passages(t);
    const file = await exported(t);
    const { items } = await readAllPages(t, workspaceAnnotationsPath(t), 100);
    for (const a of items) expectStatus(await t.call("DELETE", annotationPath(t, a.id)), 204);
    expect(await passages(t)).toEqual([]);

    const reply = await t.call("POST", importPath(t), JSON.stringify(file), {
      "content-type": "application/ld+json",
    });
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({
      imported: 3,
      linksImported: 1,
      tagsCreated: [],
      skipped: [],
    });
    expect(reply.body.annotations.map((a: { status: string }) => a.status)).toEqual([
      "imported",
      "imported",
      "imported",
      "imported",
    ]);
    expect(await passages(t)).toEqual(before);
    const links = await t.call("GET", `/api/workspaces/${t.workspaceId}/links`);
    expect(
      links.body.items.map((l: { relation: string; note: string }) => [l.relation, l.note]),
    ).toContainEqual(["corroborates", "Same broker"]);

    const again = await t.call("POST", importPath(t), file);
    expectStatus(again, 200);
    expect(again.body.imported).toBe(0);
    expect(
      again.body.skipped.filter(
        (s: { reason: string }) => s.reason === "annotation.already_exists",
      ),
    ).toHaveLength(3);
    expect(await passages(t)).toEqual(before);
  });

  it("anchors by quote and context when positions are off, and reports what cannot anchor", async () => {
    const { t, broker, police } = await corpus();
    const file = await exported(t);
    const items = file.first.items.filter(
      (i: { motivation: string }) => i.motivation !== "linking",
    );
    const moved = items.find((i: { id: string }) => i.id.endsWith(broker.id));
    moved.target.selector[1].start += 3;
    moved.target.selector[1].end += 3;
    const lost = items.find((i: { id: string }) => i.id.endsWith(police.id));
    lost.target.selector = [{ type: "TextQuoteSelector", exact: "not in the text" }];
    // Tags without a code URL: an existing label is that code, a new one is added.
    moved.body.push(
      { type: "TextualBody", purpose: "tagging", value: "Debt bondage" },
      { type: "TextualBody", purpose: "tagging", value: "corruption" },
    );
    for (const a of (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items) {
      await t.call("DELETE", annotationPath(t, a.id));
    }

    const reply = await t.call("POST", importPath(t), { ...file, first: { ...file.first, items } });
    expectStatus(reply, 200);
    expect(reply.body.imported).toBe(2);
    expect(reply.body.tagsCreated).toEqual(["debt-bondage"]);
    expect(reply.body.skipped).toEqual([{ id: lost.id, reason: "anchor.quote_not_found" }]);
    const after = await passages(t);
    expect(after.find((a) => a.exact === "said the broker")).toMatchObject({
      start: broker.start,
      end: broker.end,
      tags: ["trafficking", "deceptive-recruitment", "debt-bondage", "corruption"],
    });
  });

  it("still imports files Gloss wrote before: codes by their tag IRI, links as two targets", async () => {
    const { t, doc, broker, passport } = await corpus();
    const api = `http://localhost/api/workspaces/${t.workspaceId}`;
    for (const a of (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items) {
      expectStatus(await t.call("DELETE", annotationPath(t, a.id)), 204);
    }
    const passage = (id: string, exact: string, documentId: string, body: unknown[]) => ({
      id: `${api}/annotations/${id}`,
      type: "Annotation",
      motivation: "tagging",
      body,
      target: {
        source: `${api}/documents/${documentId}`,
        selector: [{ type: "TextQuoteSelector", exact, prefix: "", suffix: "" }],
      },
    });
    const file = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      first: {
        type: "AnnotationPage",
        items: [
          // The label was renamed since: the IRI names the code.
          passage(broker.id, "said the broker", doc.id, [
            {
              type: "TextualBody",
              purpose: "tagging",
              id: `${api}/tags/trafficking`,
              value: "Old name",
            },
          ]),
          passage(passport.id, "collected every passport", passport.documentId, [
            { type: "TextualBody", purpose: "commenting", value: "Only a note" },
          ]),
          {
            id: `${api}/links/lnk_old`,
            type: "Annotation",
            motivation: "linking",
            body: [{ type: "TextualBody", purpose: "classifying", value: "contradicts" }],
            target: [`${api}/annotations/${broker.id}`, `${api}/annotations/${passport.id}`],
          },
        ],
      },
    };
    const reply = await t.call("POST", importPath(t), file);
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({
      imported: 2,
      linksImported: 1,
      tagsCreated: [],
      skipped: [],
    });
    const after = await passages(t);
    expect(after.find((a) => a.exact === "said the broker")?.tags).toEqual(["trafficking"]);
    const links = (await t.call("GET", `/api/workspaces/${t.workspaceId}/links`)).body.items;
    const made = links.find((l: { relation: string }) => l.relation === "contradicts");
    expect(made.from.exact).toBe("said the broker");
    expect(made.to.exact).toBe("collected every passport");
  });

  it("refuses malformed JSON and JSON that is not an annotation collection", async () => {
    const { t } = await corpus();
    expectError(
      await t.call("POST", importPath(t), "{not json", { "content-type": "application/ld+json" }),
      400,
      "request.malformed_json",
    );
    expectError(
      await t.call("POST", importPath(t), { type: "AnnotationCollection" }),
      400,
      "request.invalid_body",
    );
    expectError(
      await t.call("POST", importPath(t), { items: [{ type: "Note", target: "x" }] }),
      400,
      "request.invalid_body",
    );
    expectError(
      await t.call("POST", importPath(t), { items: [] }, { "content-type": "text/plain" }),
      415,
      "request.unsupported_media_type",
    );
    const huge = JSON.stringify({ items: [], padding: "x".repeat(7 * 1024 * 1024) });
    expectError(await t.call("POST", importPath(t), huge), 413, "request.too_large");
  });

  it("skips annotations on documents this workspace does not have", async () => {
    const { t } = await corpus();
    const file = await exported(t);
    const other = await makeTestApp();
    const reply = await other.call("POST", importPath(other), file);
    expectStatus(reply, 200);
    expect(reply.body.imported).toBe(0);
    expect(reply.body.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      "document.not_found",
      "document.not_found",
      "document.not_found",
      "link.unknown_annotation",
    ]);
  });

  it("answers 404 for another workspace", async () => {
    const { t } = await corpus();
    expectError(
      await t.call("GET", "/api/workspaces/ws_someone_else/exports/annotations.jsonld"),
      404,
      "workspace.not_found",
    );
    expectError(
      await t.call("POST", "/api/workspaces/ws_someone_else/imports/annotations.jsonld", {
        items: [],
      }),
      404,
      "workspace.not_found",
    );
  });
});
