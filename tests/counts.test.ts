import { describe, expect, it } from "vitest";
import { makeTestApp } from "./support/app.ts";

describe("document annotation counts", () => {
  it("counts annotations per code as they are created, recoded and deleted", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const doc = await t.call("POST", `${base}/documents`, {
      title: "Counts",
      text: "Alpha beta gamma delta.",
    });
    const a = await t.call("POST", `${base}/documents/${doc.body.id}/annotations`, {
      start: 0,
      end: 5,
      exact: "Alpha",
      tags: ["forced-labour", "corruption"],
    });
    await t.call("POST", `${base}/documents/${doc.body.id}/annotations`, {
      start: 6,
      end: 10,
      exact: "beta",
      tags: ["corruption"],
    });
    let got = await t.call("GET", `${base}/documents/${doc.body.id}`);
    expect(got.body.annotationCount).toBe(2);
    expect(got.body.tagCounts).toEqual({ "forced-labour": 1, corruption: 2 });

    await t.call("PATCH", `${base}/annotations/${a.body.id}`, { tags: ["torture"], version: 1 });
    got = await t.call("GET", `${base}/documents/${doc.body.id}`);
    expect(got.body.tagCounts).toEqual({ corruption: 1, torture: 1 });

    await t.call("DELETE", `${base}/annotations/${a.body.id}`);
    got = await t.call("GET", `${base}/documents/${doc.body.id}`);
    expect(got.body.annotationCount).toBe(1);
    expect(got.body.tagCounts).toEqual({ corruption: 1 });

    await t.call("DELETE", `${base}/tags/corruption?mode=remove`);
    got = await t.call("GET", `${base}/documents/${doc.body.id}`);
    expect(got.body.tagCounts).toEqual({});
  });
});
