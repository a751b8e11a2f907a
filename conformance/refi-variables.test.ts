import { resolve } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { download, exportPath } from "../tests/exports/support.ts";
import { makeTestApp } from "../tests/support/app.ts";
import { annotate, documentPath, makeDocument } from "../tests/support/data.ts";
import { standardsDir } from "./support/standards.ts";
import { runTool } from "./support/tools.ts";

describe("REFI-QDA Variables and Cases (xmllint)", () => {
  it("a project with every attribute type validates against Project-mrt2019.xsd", async () => {
    const t = await makeTestApp();
    const attributes = `/api/workspaces/${t.workspaceId}/attributes`;
    await t.call("POST", `${attributes}/starter`);
    await t.call("POST", attributes, { name: "Verified", type: "boolean" });
    await t.call("POST", attributes, { name: "Visited <on>", type: "date" });
    await t.call("POST", attributes, { name: "Topics", type: "choices", choices: ["a & b", "c"] });
    const doc = await makeDocument(t, { title: 'Report "2023" <draft>' });
    await makeDocument(t, { title: "No values" });
    await t.call("PATCH", documentPath(t, doc.id), {
      attributes: {
        country: "Cambodia",
        "source-type": "NGO report",
        "publication-year": 2023.5,
        verified: false,
        "Visited <on>": "2024-02-29",
        topics: ["a & b", "c"],
      },
      version: 1,
    });
    await annotate(t, doc.id, "collected every passport");
    const reply = await download(t, exportPath(t, "project.qdpx"));
    const qde = await (await JSZip.loadAsync(reply.bytes)).file("project.qde")!.async("string");
    expect(qde).toContain("<Variables>");
    expect(qde).toContain("<Cases>");
    expect(qde).toContain("<FloatValue>2023.5</FloatValue>");
    expect(qde).toContain("<BooleanValue>false</BooleanValue>");
    expect(qde).toContain("<DateValue>2024-02-29</DateValue>");
    expect(qde.match(/<Case /g)).toHaveLength(1);
    const xsd = resolve(standardsDir(), "refi-qda", "Project-mrt2019.xsd");
    const result = runTool("xmllint", ["--noout", "--schema", xsd, "-"], qde);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/validates/);
  });
});
