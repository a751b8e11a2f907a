import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentPath, expectError, expectStatus, makeDocument } from "../support/data.ts";

describe("search filtered by document attributes and publication date", () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await makeTestApp();
    expectStatus(
      await t.call("POST", `/api/workspaces/${t.workspaceId}/attributes`, {
        name: "Country",
        type: "choice",
        choices: ["Thailand", "Myanmar"],
      }),
      201,
    );
    const sources = [
      { key: "th2022", country: "Thailand", publishedAt: "2022-05-01" },
      { key: "mm2023", country: "Myanmar", publishedAt: "2023-02-10" },
      { key: "th2024", country: "Thailand", publishedAt: "2024-11-30" },
    ];
    for (const s of sources) {
      const doc = await makeDocument(t, {
        title: s.key,
        text: `In ${s.key} the broker kept every passport.`,
        publishedAt: s.publishedAt,
      });
      const patched = await t.call("PATCH", documentPath(t, doc.id), {
        attributes: { country: s.country },
        version: doc.version,
      });
      expectStatus(patched, 200);
      ids[s.key] = doc.id;
    }
  });

  const titles = async (params: string) => {
    const reply = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=passport${params}`,
    );
    expectStatus(reply, 200);
    return (reply.body.documents as Array<{ title: string }>).map((d) => d.title).sort();
  };

  it("keeps only documents holding one of the attribute's values", async () => {
    expect(await titles("&attr.country=Thailand")).toEqual(["th2022", "th2024"]);
    expect(await titles("&attr.Country=Myanmar,Thailand")).toEqual(["mm2023", "th2022", "th2024"]);
  });

  it("keeps only documents published within the dates, inclusive by prefix", async () => {
    expect(await titles("&publishedFrom=2023")).toEqual(["mm2023", "th2024"]);
    expect(await titles("&publishedTo=2023-02")).toEqual(["mm2023", "th2022"]);
    expect(await titles("&publishedFrom=2023&attr.country=Thailand")).toEqual(["th2024"]);
  });

  it("refuses an unknown value or a malformed date, and a cursor of another filter", async () => {
    expectError(
      await t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=passport&attr.country=France`),
      422,
      "attribute.unknown_choice",
    );
    const bad = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=passport&publishedFrom=May`,
    );
    expect(bad.status).toBe(400);
    const page = await t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=passport&limit=1`);
    const other = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=passport&limit=1&attr.country=Thailand&cursor=${page.body.nextCursor}`,
    );
    expectError(other, 400, "search.cursor_invalid");
  });
});
