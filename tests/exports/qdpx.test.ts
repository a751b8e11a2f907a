import { XMLParser, XMLValidator } from "fast-xml-parser";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  expectError,
  expectStatus,
  makeDocument,
  tickingClock,
} from "../support/data.ts";
import { download, exportPath, HOSTILE_TEXT } from "./support.ts";

// Elements that may repeat are always arrays, so single items read the same as several.
// biome-ignore lint/suspicious/noExplicitAny: tests inspect parsed XML
type XmlCode = any;

/** Every Code of a Codes element, nested ones too, depth first. */
function allCodes(codes: XmlCode[] | undefined): XmlCode[] {
  return (codes ?? []).flatMap((c: XmlCode) => [c, ...allCodes(c.Code)]);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  isArray: (name) =>
    [
      "User",
      "Code",
      "TextSource",
      "PlainTextSelection",
      "Coding",
      "Note",
      "Link",
      "NoteRef",
    ].includes(name),
});

async function corpus() {
  const t = await makeTestApp({ now: tickingClock() });
  const doc = await makeDocument(t, {
    title: "Broker & <partners> report",
    text: HOSTILE_TEXT,
    sourceUrl: "https://example.org/report",
  });
  const other = await makeDocument(t, { title: "Second source" });
  const broker = await annotate(t, doc.id, "said the broker", {
    tags: ["trafficking", "deceptive-recruitment"],
    note: 'Broker named "Ko" & <others>',
  });
  const police = await annotate(t, doc.id, "الشرطة احتجزت", { tags: ["arbitrary-detention"] });
  const passport = await annotate(t, other.id, "collected every passport", {
    tags: ["forced-labour"],
  });
  expectStatus(
    await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
      fromId: broker.id,
      toId: passport.id,
      relation: "corroborates",
    }),
    201,
  );
  return { t, doc, other, broker, police, passport };
}

async function project(t: Awaited<ReturnType<typeof makeTestApp>>, query = "") {
  const reply = await download(t, exportPath(t, "project.qdpx", query));
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toBe("application/zip");
  expect(reply.headers.get("content-disposition")).toMatch(/filename="gloss-.*-project-.*\.qdpx"/);
  const zip = await JSZip.loadAsync(reply.bytes);
  const qde = await zip.file("project.qde")!.async("string");
  expect(XMLValidator.validate(qde)).toBe(true);
  return { zip, qde, project: parser.parse(qde).Project };
}

describe("project.qdpx", () => {
  it("unzips to a well-formed project.qde and one text file per source", async () => {
    const { t } = await corpus();
    const { zip, project: p } = await project(t);
    expect(p.xmlns).toBe("urn:QDA-XML:project:1.0");
    expect(p.name).toBe("My workspace");
    expect(p.Users.User.map((u: { name: string }) => u.name)).toContain("Local owner");
    // The default tree: four top-level codes holding the nine seeded ones.
    expect(p.CodeBook.Codes.Code).toHaveLength(4);
    expect(allCodes(p.CodeBook.Codes.Code)).toHaveLength(13);
    const labour = p.CodeBook.Codes.Code.find(
      (c: { name: string }) => c.name === "Labour and exploitation",
    );
    expect(labour.Code.map((c: { name: string }) => c.name)).toEqual([
      "Forced labour",
      "Human trafficking",
      "Deceptive recruitment",
    ]);
    const code = allCodes(p.CodeBook.Codes.Code).find(
      (c: { name: string }) => c.name === "Forced labour",
    );
    expect(code).toMatchObject({ isCodable: "true", color: "#D55E00" });
    expect(code.Description).toMatch(/ILO C29/);
    const sources = p.Sources.TextSource;
    expect(sources).toHaveLength(2);
    const files = Object.keys(zip.files).filter((f) => f.startsWith("sources/"));
    expect(files.sort()).toEqual(
      sources.map((s: { guid: string }) => `sources/${s.guid}.txt`).sort(),
    );
    for (const s of sources) expect(s.plainTextPath).toBe(`internal://${s.guid}.txt`);
    // Codings and notes: 4 codings on 3 selections, one note, one link.
    const selections = sources.flatMap(
      (s: { PlainTextSelection?: unknown[] }) => s.PlainTextSelection ?? [],
    );
    expect(selections).toHaveLength(3);
    expect(selections.flatMap((s: { Coding: unknown[] }) => s.Coding ?? [])).toHaveLength(4);
    expect(p.Notes.Note).toHaveLength(1);
    expect(p.Notes.Note[0].PlainTextContent).toBe('Broker named "Ko" & <others>');
    expect(p.Links.Link).toHaveLength(1);
    expect(p.Links.Link[0]).toMatchObject({ name: "corroborates", direction: "OneWay" });
    const guids = new Set(selections.map((s: { guid: string }) => s.guid));
    expect(guids.has(p.Links.Link[0].originGUID) && guids.has(p.Links.Link[0].targetGUID)).toBe(
      true,
    );
    const codeGuids = new Set(allCodes(p.CodeBook.Codes.Code).map((c: { guid: string }) => c.guid));
    for (const s of selections) {
      for (const c of s.Coding ?? []) expect(codeGuids.has(c.CodeRef.targetGUID)).toBe(true);
    }
  });

  it("gives PlainTextSelection positions in code points that cut the quote out of the source", async () => {
    const { t, doc, broker, police } = await corpus();
    const { zip, project: p } = await project(t);
    const source = p.Sources.TextSource.find(
      (s: { name: string }) => s.name === "Broker & <partners> report",
    );
    expect(source.Description).toContain("https://example.org/report");
    const text = await zip.file(`sources/${source.guid}.txt`)!.async("string");
    const canonical = (
      await t.call("GET", `/api/workspaces/${t.workspaceId}/documents/${doc.id}/text`)
    ).text;
    expect(text).toBe(canonical);
    const codePoints = [...text];
    const cut = (s: { startPosition: string; endPosition: string }) =>
      codePoints.slice(Number(s.startPosition), Number(s.endPosition)).join("");
    const byQuote = new Map(
      source.PlainTextSelection.map((s: { startPosition: string; endPosition: string }) => [
        cut(s),
        s,
      ]),
    );
    expect([...byQuote.keys()].sort()).toEqual([broker.exact, police.exact].sort());
    // The emoji before "said the broker" is two UTF-16 units but one code point.
    expect(byQuote.get("said the broker")).toMatchObject({
      startPosition: "10",
      endPosition: "25",
    });
    expect(broker.start).toBe(11);
  });

  it("lets a reader that follows QualCoder's importer find every note on its passage", async () => {
    // QualCoder (refi.py, RefiImport) collects NoteRef elements that are direct children of a
    // TextSource, then reads each referenced Note's PlainTextContent and the positions of the
    // PlainTextSelection inside it; NoteRefs on selections alone give it nothing.
    const { t, broker } = await corpus();
    const { zip, project: p } = await project(t);
    const notes = new Map(p.Notes.Note.map((n: { guid: string }) => [n.guid, n]));
    const found: Array<{ text: string; quote: string; user: string }> = [];
    for (const s of p.Sources.TextSource) {
      const text = [...(await zip.file(`sources/${s.guid}.txt`)!.async("string"))];
      for (const ref of s.NoteRef ?? []) {
        const note = notes.get(ref.targetGUID) as {
          PlainTextContent: string;
          PlainTextSelection: Array<{ startPosition: string; endPosition: string }>;
          modifyingUser: string;
          modifiedDateTime: string;
        };
        expect(note.modifiedDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
        const at = note.PlainTextSelection[0]!;
        found.push({
          text: note.PlainTextContent,
          quote: text.slice(Number(at.startPosition), Number(at.endPosition)).join(""),
          user: p.Users.User.find((u: { guid: string }) => u.guid === note.modifyingUser).name,
        });
      }
    }
    expect(found).toEqual([
      { text: 'Broker named "Ko" & <others>', quote: broker.exact, user: "Local owner" },
    ]);
    // The standard's own place is kept too: the NoteRef on the selection.
    const selection = p.Sources.TextSource.flatMap(
      (s: { PlainTextSelection?: unknown[] }) => s.PlainTextSelection ?? [],
    ).find((s: { NoteRef?: unknown[] }) => s.NoteRef);
    expect(notes.has(selection.NoteRef[0].targetGUID)).toBe(true);
  });

  it("writes a note-only passage once, as a Note on its text, so QualCoder sees one annotation", async () => {
    // QualCoder turns every PlainTextSelection of a TextSource into a coding or an annotation; a
    // codeless one beside the Note it also reads was a second, empty annotation.
    const { t, doc, police } = await corpus();
    const noteOnly = await annotate(t, doc.id, "Pay 450 dollars", { tags: [], note: "Debt?" });
    expectStatus(
      await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
        fromId: police.id,
        toId: noteOnly.id,
        relation: "same-incident",
      }),
      201,
    );
    const { project: p } = await project(t);
    const selections = p.Sources.TextSource.flatMap(
      (s: { PlainTextSelection?: unknown[] }) => s.PlainTextSelection ?? [],
    ) as Array<{ guid: string; Coding?: unknown[] }>;
    expect(selections.filter((s) => !s.Coding?.length)).toEqual([]);
    const note = p.Notes.Note.find(
      (n: { PlainTextContent: string }) => n.PlainTextContent === "Debt?",
    );
    const refs = p.Sources.TextSource.flatMap(
      (s: { NoteRef?: Array<{ targetGUID: string }> }) => s.NoteRef ?? [],
    );
    expect(refs.filter((r: { targetGUID: string }) => r.targetGUID === note.guid)).toHaveLength(1);
    const link = p.Links.Link.find((l: { name: string }) => l.name === "same-incident");
    expect(link.targetGUID).toBe(note.PlainTextSelection[0].guid);
    expect(selections.map((s) => s.guid)).toContain(link.originGUID);
  });

  it("is the same project when exported twice (deterministic GUIDs)", async () => {
    const { t } = await corpus();
    const first = await project(t);
    const second = await project(t);
    const guids = (qde: string) => [...qde.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1]);
    expect(guids(second.qde)).toEqual(guids(first.qde));
    expect(new Set(guids(first.qde)).size).toBe(guids(first.qde).length);
  });

  it("respects the code and document filters", async () => {
    const { t, other } = await corpus();
    const { project: p } = await project(t, `tag=forced-labour&documentId=${other.id}`);
    expect(p.CodeBook.Codes.Code.map((c: { name: string }) => c.name)).toEqual(["Forced labour"]);
    expect(p.Sources.TextSource).toHaveLength(1);
    expect(p.Sources.TextSource[0].PlainTextSelection).toHaveLength(1);
    expect(p.Links).toBeUndefined();
  });
});

describe("codebook.qdc", () => {
  it("is a REFI-QDA codebook with every code, colour and description", async () => {
    const { t } = await corpus();
    const reply = await download(t, exportPath(t, "codebook.qdc"));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(XMLValidator.validate(reply.text)).toBe(true);
    const book = parser.parse(reply.text).CodeBook;
    expect(book.xmlns).toBe("urn:QDA-XML:codebook:1.0");
    expect(book.Codes.Code).toHaveLength(4);
    expect(allCodes(book.Codes.Code)).toHaveLength(13);
    for (const code of allCodes(book.Codes.Code)) {
      expect(code.guid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(code.color).toMatch(/^#[0-9A-F]{6}$/);
      expect(code.isCodable).toBe("true");
      expect(code.Description.length).toBeGreaterThan(0);
    }
  });

  it("answers 404 for another workspace", async () => {
    const { t } = await corpus();
    expectError(
      await t.call("GET", "/api/workspaces/ws_someone_else/exports/codebook.qdc"),
      404,
      "workspace.not_found",
    );
  });
});
