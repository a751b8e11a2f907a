import * as Refi from "@gloss/core/refi";
import { ARCHIVE_LIMITS } from "@gloss/core/refi";
import { describe, expect, it, onTestFinished } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  documentPath,
  expectError,
  expectStatus,
  readAllPages,
  tagsPath,
} from "../support/data.ts";
import {
  atlasProject,
  INTERVIEW,
  importPath,
  maxqdaProject,
  nvivoProject,
  postFile,
  qdpx,
  qualcoderProject,
} from "./refi-fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function passages(t: TestApp): Promise<any[]> {
  return (await readAllPages(t, `/api/workspaces/${t.workspaceId}/annotations`, 100)).items;
}

async function textOf(t: TestApp, documentId: string): Promise<string> {
  return (await t.call("GET", `${documentPath(t, documentId)}/text`)).text;
}

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function labels(t: TestApp): Promise<Map<string, any>> {
  const tags = (await t.call("GET", tagsPath(t))).body.items;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  return new Map(tags.map((tag: any) => [tag.id, tag]));
}

describe("POST /imports/project.qdpx, from other programs", () => {
  it("imports a QualCoder project: astral and Arabic text placed exactly, memos and annotations as notes", async () => {
    const t = await makeTestApp();
    const reply = await postFile(t, "project.qdpx", qualcoderProject());
    expectStatus(reply, 200);
    const summary = reply.body;
    expect(summary).toMatchObject({ status: "done", origin: "QualCoder 3.6", repeated: false });
    expect(summary.imported).toMatchObject({ documents: 1, annotations: 3, notes: 2, links: 0 });
    // "forced LABOUR" merges into the seeded "Forced labour"; the nested code keeps its parent.
    expect(summary.codes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: "forced LABOUR",
          tagId: "forced-labour",
          action: "merged",
        }),
        expect.objectContaining({ name: "Detention", action: "created" }),
        expect.objectContaining({ name: "Confiscated documents", action: "created" }),
      ]),
    );
    const tags = await labels(t);
    const nested = [...tags.values()].find((c) => c.label === "Confiscated documents");
    const detention = [...tags.values()].find((c) => c.label === "Detention");
    expect(nested).toMatchObject({ parentId: detention.id, path: ["Detention", nested.label] });
    expect(nested.color).toBe("#00aa00");
    const text = await textOf(t, summary.documents[0].id);
    expect(text).toBe(INTERVIEW);
    const byQuote = new Map((await passages(t)).map((a) => [a.exact, a]));
    const arabic = byQuote.get("تم احتجازنا في المجمع");
    expect(arabic.note).toBe("Detained three months");
    expect(text.slice(arabic.start, arabic.end)).toBe(arabic.exact);
    // After 😀 and 𝒜 (one code point, two UTF-16 units each) the offsets differ by two.
    const passport = byQuote.get("the guards took every passport");
    expect(passport.start).toBe(text.indexOf("the guards took every passport"));
    expect(passport.tags).toEqual(expect.arrayContaining([nested.id, "forced-labour"]));
    expect(byQuote.get("the broker promised work")).toMatchObject({
      tags: [],
      note: 'Broker named "Ko" & partners',
    });
    expect(summary.users).toEqual([
      { name: "Local owner", memberId: expect.any(String) },
      { name: "colin", memberId: null },
    ]);
    expect(summary.skipped).toEqual([
      expect.objectContaining({
        kind: "note",
        name: "Journal: first week",
        reason: expect.stringMatching(/not attached to any passage/),
      }),
    ]);
  });

  it("imports an NVivo project: CR LF positions, a note linked to its selection, PDF and picture listed as skipped", async () => {
    const t = await makeTestApp();
    const reply = await postFile(t, "project.qdpx", nvivoProject());
    expectStatus(reply, 200);
    const summary = reply.body;
    expect(summary.imported).toMatchObject({
      documents: 1,
      annotations: 1,
      notes: 1,
      codesMerged: 1,
    });
    const [passage] = await passages(t);
    expect(passage).toMatchObject({
      exact: "the guards took every passport",
      tags: ["torture"],
      note: "Passports kept in the office safe",
    });
    expect(await textOf(t, passage.documentId)).toBe(INTERVIEW);
    const skipped = summary.skipped.map(
      (s: { kind: string; name: string }) => `${s.kind}:${s.name}`,
    );
    expect(skipped.sort()).toEqual(["source:Compound photo", "source:UN report.pdf"]);
    expect(summary.skipped[0].reason).toMatch(/PDF|picture/);
  });

  it("imports an ATLAS.ti project whose positions count a CR LF as one character, with its relation", async () => {
    const t = await makeTestApp();
    const summary = (await postFile(t, "project.qdpx", atlasProject())).body;
    expect(summary.imported).toMatchObject({ annotations: 2, links: 1 });
    const links = (await t.call("GET", `/api/workspaces/${t.workspaceId}/links`)).body.items;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      relation: "contradicts",
      from: { exact: "the broker promised work in a hotel" },
      to: { exact: "the guards took every passport" },
    });
    expect(summary.skipped).toEqual([
      expect.objectContaining({ kind: "source", name: "Interview recording" }),
    ]);
  });

  it("imports a MAXQDA project and skips, with reasons, what it cannot place or code", async () => {
    const t = await makeTestApp();
    const summary = (await postFile(t, "project.qdpx", maxqdaProject())).body;
    expect(summary.imported).toMatchObject({ documents: 1, annotations: 2 });
    const byQuote = new Map((await passages(t)).map((a) => [a.exact, a]));
    expect(byQuote.get("Interview 😀 with Amal")).toMatchObject({
      tags: [],
      note: "Recorded by phone",
    });
    // Two nested codes named "Other" stay apart, each with its parent in the name.
    const tags = await labels(t);
    const hotel = byQuote.get("work in a hotel");
    expect(hotel.tags.map((id: string) => tags.get(id).label)).toEqual(["Recruitment › Other"]);
    expect([...tags.values()].some((c) => c.label === "Detention › Other")).toBe(true);
    // The selection named "the broker promised" points at "the guards took": never placed.
    expect(byQuote.has("the guards took")).toBe(false);
    const reasons = summary.skipped.map(
      (s: { kind: string; reason: string }) => `${s.kind}: ${s.reason}`,
    );
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^coding: its code .* is not in the codebook/),
        expect.stringMatching(
          /^selection: its name “the broker promised” is text of the source, but not the text at positions/,
        ),
        expect.stringMatching(/^coding: 1 coding\(s\) of the whole source/),
      ]),
    );
  });
});

describe("POST /imports/project.qdpx, bad files", () => {
  it("refuses what is not a zip, a zip without project.qde, bad XML and a DOCTYPE, writing nothing", async () => {
    const t = await makeTestApp();
    const before = (await t.call("GET", `/api/workspaces/${t.workspaceId}/documents`)).body.items
      .length;
    expectError(
      await postFile(t, "project.qdpx", new TextEncoder().encode("hello")),
      415,
      "refi.not_a_zip",
    );
    const { zipSync, strToU8 } = await import("fflate");
    expectError(
      await postFile(t, "project.qdpx", zipSync({ "readme.txt": strToU8("x") })),
      422,
      "refi.no_project",
    );
    expectError(
      await postFile(t, "project.qdpx", qdpx("<Project><Sources></Project>")),
      422,
      "refi.invalid_xml",
    );
    expectError(
      await postFile(
        t,
        "project.qdpx",
        qdpx('<!DOCTYPE p [<!ENTITY a "aaaa">]><Project name="x">&a;</Project>'),
      ),
      422,
      "refi.invalid_xml",
    );
    expectError(
      await postFile(t, "project.qdpx", qdpx('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>')),
      422,
      "refi.not_a_project",
    );
    expectError(
      await postFile(t, "project.qdpx", new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9])),
      422,
      "refi.damaged_zip",
    );
    const form = new FormData();
    form.append("other", "x");
    expectError(
      await t.call("POST", importPath(t, "project.qdpx"), form),
      400,
      "refi.file_missing",
    );
    const after = (await t.call("GET", `/api/workspaces/${t.workspaceId}/documents`)).body.items
      .length;
    expect(after).toBe(before);
  });

  it("stops a zip bomb at the entry count and at the inflated size", async () => {
    const t = await makeTestApp();
    const { zipSync, strToU8 } = await import("fflate");
    const many: Record<string, Uint8Array> = { "project.qde": strToU8("<Project name='x'/>") };
    for (let i = 0; i < 10_001; i++) many[`f${i}`] = new Uint8Array();
    expectError(
      await postFile(t, "project.qdpx", zipSync(many, { level: 0 })),
      413,
      "refi.archive_too_large",
    );
    // The limit is lowered for the test, so the machine need not inflate the real 256 MB.
    const limit = ARCHIVE_LIMITS.maxTotalBytes;
    ARCHIVE_LIMITS.maxTotalBytes = 4 * 1024 * 1024;
    onTestFinished(() => {
      ARCHIVE_LIMITS.maxTotalBytes = limit;
    });
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = zipSync(
      { "project.qde": strToU8("<Project name='x'/>"), "sources/a.txt": zeros },
      { level: 1 },
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    expectError(await postFile(t, "project.qdpx", bomb), 413, "refi.archive_too_large");
  });
});

describe("re-running an import", () => {
  it("writes nothing twice and says the file was imported before", async () => {
    const t = await makeTestApp();
    const file = qualcoderProject();
    const first = (await postFile(t, "project.qdpx", file)).body;
    // The same project zipped anew (other compression, so other bytes) is the same import.
    const { unzipSync, zipSync } = await import("fflate");
    const rezipped = zipSync(unzipSync(file), { level: 0 });
    expect(Buffer.from(rezipped).equals(Buffer.from(file))).toBe(false);
    const again = await postFile(t, "project.qdpx", rezipped);
    expectStatus(again, 200);
    expect(again.body).toMatchObject({
      repeated: true,
      importId: first.importId,
      imported: first.imported,
    });
    expect(await passages(t)).toHaveLength(3);
    expect(
      (await t.call("GET", `/api/workspaces/${t.workspaceId}/documents`)).body.items,
    ).toHaveLength(1);
    const record = await t.call("GET", importPath(t, first.importId));
    expect(record.body).toMatchObject({ status: "done", importId: first.importId });
  });

  it("imports a large project through a direct upload, in the background, with progress to poll", async () => {
    const t = await makeTestApp();
    const file = nvivoProject();
    const started = await t.call("POST", importPath(t, "uploads"), {
      fileName: "big.qdpx",
      size: file.length,
    });
    expectStatus(started, 201);
    const put = await fetch(started.body.upload.url, {
      method: "PUT",
      headers: started.body.upload.headers,
      body: file.slice(),
    });
    expect(put.status).toBe(200);
    const reply = await t.call("POST", importPath(t, "project.qdpx"), {
      uploadId: started.body.uploadId,
    });
    expect([200, 202]).toContain(reply.status);
    // The bucket notifies the ingest function of the job object; here its worker runs in-process.
    await Refi.runJob(t.ctx, t.workspaceId, reply.body.importId);
    let summary = reply.body;
    for (let i = 0; i < 100 && summary.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      summary = (await t.call("GET", importPath(t, reply.body.importId))).body;
    }
    expect(summary).toMatchObject({ status: "done", progress: { done: 1, total: 1 } });
    expect(await passages(t)).toHaveLength(1);
    expectError(
      await t.call("POST", importPath(t, "project.qdpx"), { uploadId: "0".repeat(32) }),
      404,
      "refi.upload_missing",
    );
  });
});

describe("POST /imports/codebook.qdc", () => {
  it("merges codes by name, case and accents aside, and adds the others with colour and description", async () => {
    const t = await makeTestApp();
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
<Codes>
<Code guid="00000000-0000-4000-8000-000000000001" name="CORRUPTIÓN" isCodable="true" color="#000000"/>
<Code guid="00000000-0000-4000-8000-000000000002" name="احتجاز" isCodable="true" color="#F0F"><Description>Detention (Arabic)</Description>
<Code guid="00000000-0000-4000-8000-000000000003" name="Pre-trial" isCodable="true"/></Code>
</Codes></CodeBook>`;
    const bytes = new TextEncoder().encode(qdc);
    const reply = await postFile(t, "codebook.qdc", bytes);
    expectStatus(reply, 200);
    expect(reply.body.imported).toMatchObject({ codesCreated: 2, codesMerged: 1 });
    const tags = await labels(t);
    expect(tags.get("corruption").color).not.toBe("#000000");
    const arabic = [...tags.values()].find((c) => c.label === "احتجاز");
    expect(arabic).toMatchObject({ color: "#ff00ff", description: "Detention (Arabic)" });
    expect([...tags.values()].find((c) => c.label === "Pre-trial")).toMatchObject({
      parentId: arabic.id,
      path: ["احتجاز", "Pre-trial"],
    });
    const again = (await postFile(t, "codebook.qdc", bytes)).body;
    expect(again.imported).toMatchObject({ codesCreated: 0, codesMerged: 3 });
    expect((await labels(t)).size).toBe(tags.size);
    expectError(
      await postFile(t, "codebook.qdc", new TextEncoder().encode("<CodeBook>")),
      422,
      "refi.invalid_xml",
    );
    expectError(
      await postFile(t, "codebook.qdc", new TextEncoder().encode("<Project name='x'/>")),
      422,
      "refi.not_a_codebook",
    );
  });
});
