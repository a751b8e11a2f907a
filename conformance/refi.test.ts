import { resolve } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { refiCorpus } from "../tests/exports/refi-corpus.ts";
import {
  atlasProject,
  maxqdaProject,
  nvivoProject,
  qualcoderProject,
} from "../tests/exports/refi-fixtures.ts";
import { download, exportPath } from "../tests/exports/support.ts";
import { makeTestApp } from "../tests/support/app.ts";
import { standardsDir } from "./support/standards.ts";
import { runTool } from "./support/tools.ts";

/** xmllint's verdict on a document against one of the REFI-QDA schemas (read from stdin). */
function validate(xml: string, schema: "Project-mrt2019.xsd" | "Codebook.xsd") {
  const xsd = resolve(standardsDir(), "refi-qda", schema);
  return runTool("xmllint", ["--noout", "--schema", xsd, "-"], xml);
}

async function qdeOf(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file("project.qde")!.async("string");
}

describe("REFI-QDA exports against the published schemas (xmllint)", () => {
  it("project.qde of a workspace with notes, links, Arabic and emoji text and nested-looking codes validates", async () => {
    const t = await makeTestApp();
    await refiCorpus(t);
    const reply = await download(t, exportPath(t, "project.qdpx"));
    expect(reply.status).toBe(200);
    const qde = await qdeOf(reply.bytes);
    // The parts this test is about are really there, so a pass means something.
    expect(qde).toContain("<NoteRef ");
    expect(qde).toContain("<Link ");
    expect(qde).toContain("الشرطة");
    expect(qde).toContain("Detention › Pre-trial");
    const result = validate(qde, "Project-mrt2019.xsd");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/validates/);
  });

  it("codebook.qdc validates against Codebook.xsd", async () => {
    const t = await makeTestApp();
    await refiCorpus(t);
    const reply = await download(t, exportPath(t, "codebook.qdc"));
    const result = validate(reply.text, "Codebook.xsd");
    expect(result.status, result.stderr).toBe(0);
  });

  it("the import tests' QualCoder, NVivo, ATLAS.ti and MAXQDA projects are valid REFI-QDA too", async () => {
    for (const project of [qualcoderProject, nvivoProject, atlasProject, maxqdaProject]) {
      const result = validate(await qdeOf(project()), "Project-mrt2019.xsd");
      expect(result.status, `${project.name}: ${result.stderr}`).toBe(0);
    }
  });
});
