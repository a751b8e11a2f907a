import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  expectError,
  expectStatus,
  makeDocument,
  readAllPages,
  workspaceAnnotationsPath,
} from "../support/data.ts";

const FIELD_NOTES = [
  "The broker in Myawaddy confiscated every passport on arrival.",
  "Workers said Myawaddy’s brokers kept the passports\nuntil the debt was paid.",
  "Nobody saw a passport again. Debt bondage followed.",
].join("\n\n");

const FRENCH = "Les recruteurs de l'armée ont confisqué les passeports à Myawaddy.";

describe("corpus search through the API", () => {
  let t: TestApp;
  let notes: { id: string };
  let french: { id: string };
  const searchPath = (query: string) => `/api/workspaces/${t.workspaceId}/search?${query}`;

  beforeAll(async () => {
    t = await makeTestApp();
    notes = await makeDocument(t, { title: "Field notes", text: FIELD_NOTES });
    french = await makeDocument(t, { title: "Rapport", text: FRENCH });
    await makeDocument(t, { title: "Backtracking bait", text: `${"a".repeat(40)}!` });
    await annotate(t, notes.id, "Workers said Myawaddy’s brokers kept the passports", {
      tags: ["forced-labour"],
      text: FIELD_NOTES,
    });
  });

  it("returns every hit in context with exact offsets, paragraph, codes and counts", async () => {
    const reply = await t.call("GET", searchPath(`q=${encodeURIComponent("myawaddy")}&word=true`));
    expectStatus(reply, 200);
    expect(reply.body.total).toBe(3);
    const ordered = [notes.id, french.id].sort();
    expect(reply.body.documents.map((d: { documentId: string }) => d.documentId)).toEqual(ordered);
    const inNotes = reply.body.items.filter(
      (h: { documentId: string }) => h.documentId === notes.id,
    );
    const first = FIELD_NOTES.indexOf("Myawaddy");
    const second = FIELD_NOTES.indexOf("Myawaddy", first + 1);
    expect(inNotes).toMatchObject([
      {
        start: first,
        end: first + 8,
        exact: "Myawaddy",
        paragraph: 1,
        coded: false,
        codes: [],
        page: null,
      },
      {
        start: second,
        end: second + 8,
        exact: "Myawaddy",
        paragraph: 2,
        coded: true,
        codes: ["forced-labour"],
      },
    ]);
    expect(inNotes[0].before).toBe("The broker in ");
    expect(inNotes[0].after).toBe(FIELD_NOTES.slice(first + 8, first + 8 + 60));
    expect(inNotes[0].after).toHaveLength(60);
  });

  it("finds a phrase across a line break and filters by document and code", async () => {
    const phrase = encodeURIComponent('"passports until the debt"');
    const all = await t.call("GET", searchPath(`q=${phrase}`));
    expect(all.body.items.map((h: { exact: string }) => h.exact)).toEqual([
      "passports\nuntil the debt",
    ]);
    const coded = await t.call("GET", searchPath(`q=passport&tag=forced-labour`));
    expect(coded.body.items.map((h: { exact: string }) => h.exact)).toEqual(["passport"]);
    const onlyFrench = await t.call("GET", searchPath(`q=passe*&documentId=${french.id}`));
    expect(onlyFrench.body.items.map((h: { exact: string }) => h.exact)).toEqual(["passeports"]);
  });

  it("keeps only hits inside or outside coded text", async () => {
    const path = (coded: string) => searchPath(`q=passport&documentId=${notes.id}&coded=${coded}`);
    const inside = await t.call("GET", path("inside"));
    const outside = await t.call("GET", path("outside"));
    expectStatus(outside, 200);
    const starts = (r: { body: { items: Array<{ start: number }> } }) =>
      r.body.items.map((h) => h.start);
    expect(starts(inside)).toEqual([FIELD_NOTES.indexOf("passports")]);
    expect(starts(outside)).toEqual([
      FIELD_NOTES.indexOf("passport"),
      FIELD_NOTES.indexOf("passport again"),
    ]);
    expectError(await t.call("GET", path("elsewhere")), 400, "request.invalid_query");
  });

  it("pages with an opaque cursor that another query cannot reuse", async () => {
    const { items, pages } = await readAllPages(t, searchPath("q=passport"), 2);
    expect(pages.length).toBeGreaterThan(1);
    const once = await t.call("GET", searchPath("q=passport&limit=500"));
    expect(items).toEqual(once.body.items);
    expect(items).toHaveLength(once.body.total);
    const page = await t.call("GET", searchPath("q=passport&limit=1"));
    const wrong = await t.call(
      "GET",
      searchPath(`q=debt&cursor=${encodeURIComponent(page.body.nextCursor)}`),
    );
    expectError(wrong, 400, "search.cursor_invalid");
  });

  it("searches a document's new version, not the cached text of the old one", async () => {
    const doc = await makeDocument(t, {
      title: "Draft",
      text: "The ledger lists the quarry workers.",
    });
    const before = await t.call("GET", searchPath("q=quarry"));
    expect(before.body.items.map((h: { documentId: string }) => h.documentId)).toEqual([doc.id]);
    const revised = "Revised: the ledger lists the mine workers, then the quarry.";
    const version = await t.call(
      "POST",
      `/api/workspaces/${t.workspaceId}/documents/${doc.id}/versions`,
      {
        text: revised,
      },
    );
    expect(version.status).toBeLessThan(300);
    const after = await t.call("GET", searchPath("q=quarry"));
    const start = revised.indexOf("quarry");
    expect(after.body.items).toMatchObject([
      { documentId: doc.id, start, end: start + 6, exact: "quarry" },
    ]);
    expect((await t.call("GET", searchPath("q=mine"))).body.total).toBe(1);
  });

  it("refuses a malformed query, an unknown document and a broken pattern with clear errors", async () => {
    expectError(
      await t.call("GET", searchPath(`q=${encodeURIComponent('"open')}`)),
      400,
      "search.query_invalid",
    );
    expectError(await t.call("GET", searchPath("q=NOT+debt")), 400, "search.query_invalid");
    expectError(
      await t.call("GET", searchPath("q=debt&documentId=doc_nope")),
      404,
      "document.not_found",
    );
    expectError(
      await t.call("GET", searchPath(`q=${encodeURIComponent("(a")}&regex=true`)),
      400,
      "search.regex_invalid",
    );
    expectError(await t.call("GET", searchPath("q=debt&case=maybe")), 400, "request.invalid_query");
  });

  it("runs a regular expression, and stops a hostile one with 422 while the server keeps answering", async () => {
    const simple = await t.call(
      "GET",
      searchPath(`q=${encodeURIComponent("pass\\w+")}&regex=true&case=true`),
    );
    expectStatus(simple, 200);
    expect(simple.body.items.map((h: { exact: string }) => h.exact)).toEqual([
      "passport",
      "passports",
      "passport",
      "passeports",
    ]);

    const finished: string[] = [];
    const hostile = t
      .call("GET", searchPath(`q=${encodeURIComponent("^(a+)+$")}&regex=true`))
      .then((reply) => {
        finished.push("hostile");
        return reply;
      });
    const meanwhile = await t.call("GET", searchPath("q=debt"));
    finished.push("meanwhile");
    expectStatus(meanwhile, 200);
    expectError(await hostile, 422, "search.regex_timeout");
    expect(finished).toEqual(["meanwhile", "hostile"]);
  });
});

describe("code from search", () => {
  let t: TestApp;
  const codePath = () => `/api/workspaces/${t.workspaceId}/search/code`;
  const annotations = async () =>
    (await readAllPages(t, workspaceAnnotationsPath(t), 500)).items as Array<{
      documentId: string;
      start: number;
      end: number;
      exact: string;
      tags: string[];
    }>;

  beforeAll(async () => {
    t = await makeTestApp();
    await makeDocument(t, { title: "Field notes", text: FIELD_NOTES });
    await makeDocument(t, { title: "Rapport", text: FRENCH });
  });

  it("codes selected hits, then all hits, retried and re-run, each passage once", async () => {
    const search = await t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=passport*`);
    expect(search.body.total).toBe(3);
    const [one] = search.body.items;
    const selected = await t.call("POST", codePath(), {
      q: "passport*",
      tags: ["deceptive-recruitment"],
      hits: [{ documentId: one.documentId, start: one.start, end: one.end }],
    });
    expectStatus(selected, 200);
    expect(selected.body).toMatchObject({ hits: 1, created: 1, skipped: 0, failed: [] });

    // "All", sent twice at once (a client retrying before the first answer), then re-run.
    const body = { q: "passport*", tags: ["deceptive-recruitment"], hits: "all" };
    const [a, b] = await Promise.all([
      t.call("POST", codePath(), body),
      t.call("POST", codePath(), body),
    ]);
    expectStatus(a, 200);
    expectStatus(b, 200);
    const rerun = await t.call("POST", codePath(), body);
    expect(rerun.body).toMatchObject({ hits: 3, created: 0, skipped: 3 });

    const made = await annotations();
    expect(made.map((x) => x.exact).sort()).toEqual(["passport", "passport", "passports"]);
    expect(new Set(made.map((x) => `${x.documentId}:${x.start}:${x.end}`)).size).toBe(3);
    expect(a.body.created + b.body.created).toBe(2);
  });

  it("expands hits to their sentence and refuses a hit the search does not have", async () => {
    const reply = await t.call("POST", codePath(), {
      q: "debt",
      options: { word: true },
      tags: ["trafficking"],
      hits: "all",
      expand: "sentence",
    });
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({ hits: 2, passages: 2, created: 2 });
    const debt = (await annotations()).filter((x) => x.tags.includes("trafficking"));
    expect(debt.map((x) => x.exact).sort()).toEqual([
      "Debt bondage followed.",
      "Workers said Myawaddy’s brokers kept the passports\nuntil the debt was paid.",
    ]);

    const bogus = await t.call("POST", codePath(), {
      q: "debt",
      tags: ["trafficking"],
      hits: [{ documentId: "doc_x", start: 0, end: 4 }],
    });
    expectError(bogus, 422, "search.hit_not_found");
    const unknownCode = await t.call("POST", codePath(), {
      q: "debt",
      tags: ["no-such-code"],
      hits: "all",
    });
    expectError(unknownCode, 422, "annotation.unknown_tag");
  });
});
