import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  expectError,
  expectStatus,
  makeDocument,
  readAllPages,
} from "../support/data.ts";

const TEXT = "The broker kept every passport. Guards locked the dormitory at night.";

describe("annotation search", () => {
  let t: TestApp;
  let clock = Date.parse("2025-03-01T09:00:00Z");
  const path = (query: string) => `/api/workspaces/${t.workspaceId}/search/annotations?${query}`;
  const quotes = (body: { items: Array<{ annotation: { exact: string } }> }) =>
    body.items.map((h) => h.annotation.exact);

  beforeAll(async () => {
    t = await makeTestApp({ now: () => new Date(clock) });
    const doc = await makeDocument(t, { title: "Report", text: TEXT });
    await annotate(t, doc.id, "The broker kept every passport", {
      note: "Confiscation of identity papers, cf. Myawaddy",
      text: TEXT,
    });
    clock = Date.parse("2025-04-10T09:00:00Z");
    await annotate(t, doc.id, "Guards locked the dormitory", {
      note: "Détention la nuit",
      text: TEXT,
    });
  });

  it("finds notes and quotes by every word, ignoring case and accents, newest first", async () => {
    const both = await t.call("GET", path("q=DETENTION"));
    expectStatus(both, 200);
    expect(quotes(both.body)).toEqual(["Guards locked the dormitory"]);
    expect(both.body.items[0].matched).toEqual(["note"]);
    expect(quotes((await t.call("GET", path("q=passport"))).body)).toEqual([
      "The broker kept every passport",
    ]);
    expect((await t.call("GET", path("q=passport&in=notes"))).body.total).toBe(0);
    expect((await t.call("GET", path("q=papers+myawaddy&in=notes"))).body.total).toBe(1);
    expect((await t.call("GET", path("q=papers+nowhere"))).body.total).toBe(0);
    expect(quotes((await t.call("GET", path(""))).body)).toEqual([
      "Guards locked the dormitory",
      "The broker kept every passport",
    ]);
  });

  it("filters by author and creation day, and pages", async () => {
    const all = await t.call("GET", path(""));
    const author = all.body.items[0].annotation.createdBy;
    expect((await t.call("GET", path(`author=${author}`))).body.total).toBe(2);
    expect((await t.call("GET", path("author=usr_someone_else"))).body.total).toBe(0);
    expect(quotes((await t.call("GET", path("from=2025-04-01"))).body)).toEqual([
      "Guards locked the dormitory",
    ]);
    expect(quotes((await t.call("GET", path("to=2025-03-01"))).body)).toEqual([
      "The broker kept every passport",
    ]);
    const { items } = await readAllPages(t, path("q="), 1);
    expect(items).toEqual(all.body.items);
    expectError(await t.call("GET", path("from=March")), 400, "request.invalid_query");
  });
});
