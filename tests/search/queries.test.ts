import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectError, expectStatus, makeDocument } from "../support/data.ts";

describe("saved searches", () => {
  let t: TestApp;
  const path = (rest = "") => `/api/workspaces/${t.workspaceId}/queries${rest}`;

  beforeAll(async () => {
    t = await makeTestApp();
    await makeDocument(t, { title: "First", text: "The broker kept the passport. Debt followed." });
  });

  it("saves, lists, renames with the version read, re-runs and deletes a search", async () => {
    const created = await t.call("POST", path(), { name: "Passports", q: "passport*" });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({
      name: "Passports",
      q: "passport*",
      options: { case: false, word: false, regex: false },
      documentIds: [],
      tags: [],
      coded: null,
      version: 1,
    });
    const id = created.body.id;
    expect((await t.call("GET", path())).body.items.map((q: { id: string }) => q.id)).toEqual([id]);
    const renamed = await t.call("PATCH", path(`/${id}`), { name: "Papers", version: 1 });
    expectStatus(renamed, 200);
    expect(renamed.body).toMatchObject({ name: "Papers", q: "passport*", version: 2 });
    const stale = await t.call("PATCH", path(`/${id}`), { name: "Lost", version: 1 });
    expectError(stale, 409, "query.version_conflict");
    expect((await t.call("GET", path(`/${id}`))).body.name).toBe("Papers");

    const hits = await t.call("GET", path(`/${id}/hits`));
    expectStatus(hits, 200);
    expect(hits.body.total).toBe(1);
    expect(hits.body.items[0].exact).toBe("passport");

    expectStatus(await t.call("DELETE", path(`/${id}`)), 200);
    expectError(await t.call("GET", path(`/${id}`)), 404, "query.not_found");
    expectError(await t.call("DELETE", path(`/${id}`)), 404, "query.not_found");
  });

  it("refuses a search that cannot run when it is saved or changed", async () => {
    expectError(
      await t.call("POST", path(), { name: "x", q: "NOT passport" }),
      400,
      "search.query_invalid",
    );
    const bad = await t.call("POST", path(), {
      name: "x",
      q: "(unclosed",
      options: { regex: true },
    });
    expect(bad.status).toBe(400);
    const ok = await t.call("POST", path(), { name: "ok", q: "debt" });
    const change = await t.call("PATCH", path(`/${ok.body.id}`), {
      options: { regex: true, word: true },
      version: 1,
    });
    expectError(change, 400, "search.options_conflict");
  });

  it("re-codes a query's hits after new documents arrive, coding only the new ones", async () => {
    const saved = await t.call("POST", path(), {
      name: "Debt",
      q: "debt",
      options: { word: true },
    });
    const code = () =>
      t.call("POST", path(`/${saved.body.id}/code`), {
        tags: ["forced-labour"],
        expand: "sentence",
      });
    const first = await code();
    expectStatus(first, 200);
    expect(first.body).toMatchObject({ hits: 1, created: 1, skipped: 0 });
    await makeDocument(t, { title: "Second", text: "Their debt grew every month." });
    const again = await code();
    expect(again.body).toMatchObject({ hits: 2, created: 1, skipped: 1 });
    expect((await code()).body).toMatchObject({ hits: 2, created: 0, skipped: 2 });
  });
});
