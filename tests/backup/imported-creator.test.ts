import { describe, expect, it } from "vitest";
import { download, parseCsv } from "../exports/support.ts";
import { makeTestApp } from "../support/app.ts";
import { expectStatus, makeDocument } from "../support/data.ts";

// An imported passage's attribution (who made it in the other tool) is workspace data like its
// note: a backup carries it and a restore puts it back, so the restored exports still name them.

const PAGE_URL = "https://news.example.org/compounds";
const TEXT =
  "Workers said the broker took their passports.\n\nGuards locked the dormitory at night.";

/**
 * Hypothesis's API JSON: `user` and `user_info`. A deliberate copy of the fixture in
 * tests/exports/imported-creator.test.ts (a test file, which cannot be imported without running
 * its tests), so this test reads on its own.
 */
const hypothesisApi = {
  id: "h2",
  uri: PAGE_URL,
  user: "acct:ben@hypothes.is",
  user_info: { display_name: "Ben" },
  text: "At night",
  tags: [],
  target: [
    { source: PAGE_URL, selector: [{ type: "TextQuoteSelector", exact: "locked the dormitory" }] },
  ],
};

describe("backup of imported passages", () => {
  it("keeps a Hypothesis passage's creator through backup and restore, in the restored CSV", async () => {
    const t = await makeTestApp();
    await makeDocument(t, { title: "Compounds", text: TEXT, sourceUrl: PAGE_URL });
    const imported = await t.call(
      "POST",
      `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`,
      [hypothesisApi],
    );
    expectStatus(imported, 200);
    expect(imported.body.imported).toBe(1);

    const res = await t.app.request(`/api/workspaces/${t.workspaceId}/backup`);
    expect(res.status).toBe(200);
    const backup = JSON.parse(await res.text());
    expect(backup.annotations).toEqual([
      expect.objectContaining({
        exact: "locked the dormitory",
        importedCreator: { id: "acct:ben@hypothes.is", name: "Ben", tool: "Hypothesis" },
      }),
    ]);

    const created = await t.call("POST", "/api/workspaces", { name: "Restored" });
    expectStatus(created, 201);
    const target: string = created.body.id;
    expectStatus(await t.call("POST", `/api/workspaces/${target}/restore`, backup), 201);

    const csv = parseCsv(
      (await download(t, `/api/workspaces/${target}/exports/extracts.csv`)).text,
    );
    expect(csv).toHaveLength(1);
    expect(csv[0]).toMatchObject({
      quote: "locked the dormitory",
      imported_creator_id: "acct:ben@hypothes.is",
      imported_creator_name: "Ben",
    });
    expect(csv[0]!.author).not.toBe("Ben");
  });

  it("restores a backup written before attribution was backed up", async () => {
    const t = await makeTestApp();
    await makeDocument(t, { title: "Compounds", text: TEXT, sourceUrl: PAGE_URL });
    expectStatus(
      await t.call("POST", `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`, [
        hypothesisApi,
      ]),
      200,
    );
    const res = await t.app.request(`/api/workspaces/${t.workspaceId}/backup`);
    const backup = JSON.parse(await res.text());
    // What the old writer wrote: the same annotation without the field.
    for (const annotation of backup.annotations) delete annotation.importedCreator;

    const created = await t.call("POST", "/api/workspaces", { name: "Restored" });
    const target: string = created.body.id;
    expectStatus(await t.call("POST", `/api/workspaces/${target}/restore`, backup), 201);
    const csv = parseCsv(
      (await download(t, `/api/workspaces/${target}/exports/extracts.csv`)).text,
    );
    expect(csv[0]).toMatchObject({
      quote: "locked the dormitory",
      imported_creator_id: "",
      imported_creator_name: "",
    });
  });
});
