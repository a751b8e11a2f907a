import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  expectStatus,
  makeDocument,
  readAllPages,
  workspaceAnnotationsPath,
} from "../support/data.ts";
import { download, exportPath, parseCsv } from "./support.ts";

// Imported annotations keep who made them in the other tool as attribution (`importedCreator`),
// while the member who imported them stays their owner (`createdBy`).

const PAGE_URL = "https://news.example.org/compounds";
const TEXT =
  "Workers said the broker took their passports.\n\nGuards locked the dormitory at night.";

const importPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`;

/** As Hypothesis's JSON-LD presenter writes it: an `acct:` creator string, no motivation. */
const hypothesis = {
  "@context": "http://www.w3.org/ns/anno.jsonld",
  type: "Annotation",
  id: "https://hypothes.is/a/h1",
  created: "2024-05-02T10:11:12.000000+00:00",
  creator: "acct:ana@hypothes.is",
  body: [{ type: "TextualBody", value: "Named twice", format: "text/markdown" }],
  target: [
    {
      source: PAGE_URL,
      selector: [
        {
          type: "TextQuoteSelector",
          exact: "took their passports",
          prefix: "the broker ",
          suffix: ".",
        },
      ],
    },
  ],
};

/** Hypothesis's API JSON: `user` and `user_info`. */
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

/** As Recogito's `serializeW3CTextAnnotation` writes it: creator object, targets naming their annotation. */
const recogito = {
  id: "2f1c3f2e-0000-4000-8000-000000000001",
  "@context": "http://www.w3.org/ns/anno.jsonld",
  type: "Annotation",
  body: [
    {
      id: "b1",
      type: "TextualBody",
      purpose: "tagging",
      value: "Forced labour",
      creator: { id: "mailto:cy@example.org", name: "Cy" },
    },
  ],
  creator: { id: "mailto:cy@example.org", name: "Cy" },
  target: [
    {
      annotation: "2f1c3f2e-0000-4000-8000-000000000001",
      source: PAGE_URL,
      selector: [{ type: "TextQuoteSelector", exact: "Workers said" }],
    },
  ],
};

describe("imported creators", () => {
  it("keeps Hypothesis and Recogito creators as attribution, the importer as owner, in CSV and JSON-LD", async () => {
    const t = await makeTestApp();
    await makeDocument(t, { title: "Compounds", text: TEXT, sourceUrl: PAGE_URL });
    const reply = await t.call("POST", importPath(t), [hypothesis, hypothesisApi, recogito]);
    expectStatus(reply, 200);
    expect(reply.body.imported).toBe(3);

    const stored = (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items;
    const byQuote = Object.fromEntries(stored.map((a: { exact: string }) => [a.exact, a]));
    expect(byQuote["took their passports"]).toMatchObject({
      importedCreator: { id: "acct:ana@hypothes.is", tool: "Hypothesis" },
    });
    expect(byQuote["locked the dormitory"]).toMatchObject({
      importedCreator: { id: "acct:ben@hypothes.is", name: "Ben", tool: "Hypothesis" },
    });
    expect(byQuote["Workers said"]).toMatchObject({
      importedCreator: { id: "mailto:cy@example.org", name: "Cy", tool: "Recogito" },
    });
    const owner = stored[0].createdBy;
    for (const a of stored) expect(a.createdBy).toBe(owner);

    const csv = parseCsv((await download(t, exportPath(t, "extracts.csv"))).text);
    const row = csv.find((r) => r.quote === "locked the dormitory")!;
    expect(row).toMatchObject({
      imported_creator_id: "acct:ben@hypothes.is",
      imported_creator_name: "Ben",
    });
    expect(row.author).not.toBe("Ben");

    const jsonld = JSON.parse((await download(t, exportPath(t, "annotations.jsonld"))).text);
    const items = jsonld.first.items as Array<{
      creator: unknown;
      target: { selector: Array<{ exact?: string }> };
    }>;
    const exported = items.find((i) => i.target.selector?.[0]?.exact === "Workers said")!;
    expect(exported.creator).toEqual([
      expect.objectContaining({ type: "Person", id: expect.stringContaining("/members/") }),
      { id: "mailto:cy@example.org", type: "Person", name: "Cy" },
    ]);
  });
});
