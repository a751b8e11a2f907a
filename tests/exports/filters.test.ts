import * as Annotation from "@gloss/core/annotation";
import * as Export from "@gloss/core/export";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { annotate, expectError, makeDocument } from "../support/data.ts";
import { download, exportPath, parseCsv } from "./support.ts";

/**
 * Three documents annotated on different days by the owner and by someone else. The filter
 * `documents A,B · forced-labour,corruption · the owner · 2025-03-01..2025-03-03` keeps three
 * passages: forced labour twice in A, corruption once in A and once in B.
 */
async function corpus() {
  let clock = Date.parse("2025-03-01T09:00:00Z");
  const t = await makeTestApp({ now: () => new Date(clock) });
  const on = (day: string) => {
    clock = Date.parse(`${day}T12:00:00Z`);
  };
  const owner = (await t.call("GET", "/api/me")).body.user.id as string;
  const a = await makeDocument(t, { title: "A: interview" });
  const b = await makeDocument(t, { title: "B: field notes" });
  const c = await makeDocument(t, { title: "C: press report" });
  const text = (await t.call("GET", `/api/workspaces/${t.workspaceId}/documents/${a.id}/text`))
    .text;

  on("2025-02-28");
  const early = await annotate(t, a.id, "told the men they owed", { tags: ["forced-labour"] });
  on("2025-03-01");
  const passport = await annotate(t, a.id, "collected every passport", {
    tags: ["forced-labour", "corruption"],
  });
  on("2025-03-02");
  const storeroom = await annotate(t, a.id, "locked in a storeroom overnight", {
    tags: ["forced-labour", "trafficking"],
  });
  const wage = await annotate(t, b.id, "promised the workers a monthly wage", {
    tags: ["trafficking"],
  });
  const noteOnly = await annotate(t, b.id, "Local police detained two men", {
    tags: [],
    note: "Only a note",
  });
  const elsewhere = await annotate(t, c.id, "collected every passport", {
    tags: ["forced-labour"],
  });
  const start = text.indexOf("Local police detained two men");
  const byVisitor = await Annotation.create(t.ctx, t.workspaceId, a.id, "usr_visitor", {
    start,
    end: start + "Local police detained two men".length,
    exact: "Local police detained two men",
    tags: ["corruption"],
  });
  on("2025-03-03");
  const lastDay = await annotate(t, b.id, "collected every passport", { tags: ["corruption"] });
  on("2025-03-05");
  const late = await annotate(t, a.id, "owed the cost of their journey", { tags: ["corruption"] });

  const query = [
    `documentId=${a.id},${b.id}`,
    "tag=forced-labour,corruption",
    `author=${owner}`,
    "from=2025-03-01",
    "to=2025-03-03",
  ].join("&");
  const left = { early, wage, noteOnly, elsewhere, byVisitor, late };
  return { t, a, b, c, owner, query, passport, storeroom, lastDay, left };
}

/** The figures findings.json, findings.csv and report.html all state, in one shape. */
interface Figures {
  passages: number;
  codes: Record<string, { passages: number; documents: number }>;
  matrix: Record<string, Record<string, number>>;
}

async function fromJson(t: TestApp, query: string): Promise<Figures> {
  const body = (await t.call("GET", exportPath(t, "findings.json", query))).body;
  return {
    passages: body.annotationCount,
    codes: Object.fromEntries(
      body.codes.map((c: { code: string; passages: number; documents: number }) => [
        c.code,
        { passages: c.passages, documents: c.documents },
      ]),
    ),
    matrix: body.matrix,
  };
}

async function fromCsv(t: TestApp, query: string): Promise<Figures> {
  const codes = await download(t, exportPath(t, "findings-codes.csv", query));
  const matrix = await download(t, exportPath(t, "findings-matrix.csv", query));
  expect([codes.status, matrix.status]).toEqual([200, 200]);
  const used = parseCsv(codes.text).filter((r) => Number(r.passages) > 0);
  const cells = parseCsv(matrix.text);
  return {
    // Not a column of the CSV: the report's header states it.
    passages: -1,
    codes: Object.fromEntries(
      used.map((r) => [r.code, { passages: Number(r.passages), documents: Number(r.documents) }]),
    ),
    matrix: Object.fromEntries(
      used.map((r) => [
        r.code,
        Object.fromEntries(
          cells
            .filter((cell) => cell.code === r.code && Number(cell.passages) > 0)
            .map((cell) => [cell.document_id, Number(cell.passages)]),
        ),
      ]),
    ),
  };
}

async function fromReport(t: TestApp, query: string, codeIds: Map<string, string>) {
  const reply = await download(t, exportPath(t, "report.html", query));
  expect(reply.status).toBe(200);
  const html = reply.text;
  const passages = Number(/· (\d+) coded passages? in/.exec(html)?.[1]);
  const codes: Figures["codes"] = {};
  const listed: Record<string, number> = {};
  for (const section of html.split("<section").slice(1)) {
    const label = /<\/span>([^<]+)<\/h2>/.exec(section)?.[1] ?? "";
    const [, n, d] = /(\d+) passages? in (\d+) documents?/.exec(section) ?? [];
    const code = codeIds.get(label) ?? label;
    codes[code] = { passages: Number(n), documents: Number(d) };
    listed[code] = section.match(/<li>/g)?.length ?? 0;
  }
  return { figures: { passages, codes }, listed, html };
}

describe("exports with the findings filter", () => {
  it("give findings-codes.csv, findings-matrix.csv and report.html the numbers of findings.json for the same query", async () => {
    const { t, a, b, query } = await corpus();
    const json = await fromJson(t, query);
    expect(json).toEqual({
      passages: 3,
      codes: {
        "forced-labour": { passages: 2, documents: 1 },
        corruption: { passages: 2, documents: 2 },
      },
      matrix: { "forced-labour": { [a.id]: 2 }, corruption: { [a.id]: 1, [b.id]: 1 } },
    });

    const csv = await fromCsv(t, query);
    expect(csv.codes).toEqual(json.codes);
    expect(csv.matrix).toEqual(json.matrix);

    const labels = new Map([
      ["Forced labour", "forced-labour"],
      ["Corruption", "corruption"],
    ]);
    const report = await fromReport(t, query, labels);
    expect(report.figures).toEqual({ passages: json.passages, codes: json.codes });
    // Every counted passage is listed under its code, with nothing filtered out among them.
    expect(report.listed).toEqual({ "forced-labour": 2, corruption: 2 });
    expect(report.html).not.toContain("owed the cost of their journey");
    expect(report.html).not.toContain("Local police detained two men");
    expect(report.html).toContain("documents: A: interview, B: field notes");
  });

  it("writes exactly the filtered passages to extracts.csv, with only the codes asked for", async () => {
    const { t, a, b, query, passport, storeroom, lastDay } = await corpus();
    const long = parseCsv((await download(t, exportPath(t, "extracts.csv", query))).text);
    // Document by document as selected, each in text order.
    expect(long.map((r) => [r.document_id, r.annotation_id, r.code])).toEqual([
      [a.id, passport.id, "forced-labour"],
      [a.id, passport.id, "corruption"],
      [a.id, storeroom.id, "forced-labour"],
      [b.id, lastDay.id, "corruption"],
    ]);
    const wide = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", `${query}&layout=wide`))).text,
    );
    expect(wide.map((r) => [r.annotation_id, r.code])).toEqual([
      [passport.id, "forced-labour; corruption"],
      [storeroom.id, "forced-labour"],
      [lastDay.id, "corruption"],
    ]);
  });

  it("applies the filter to the W3C export too", async () => {
    const { t, query, passport, storeroom, lastDay } = await corpus();
    const reply = await download(t, exportPath(t, "annotations.jsonld", query));
    const ids = JSON.parse(reply.text).first.items.map((i: { id: string }) =>
      i.id.split("/").pop(),
    );
    expect(ids).toEqual([passport.id, storeroom.id, lastDay.id]);
  });

  it("still reads a single code and document, and keeps notes when no code is asked for", async () => {
    const { t, a, b, passport, storeroom, left } = await corpus();
    const single = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", `documentId=${a.id}&tag=forced-labour`)))
        .text,
    );
    // Text order: "collected every passport" comes before "told the men they owed".
    expect(single.map((r) => r.annotation_id)).toEqual([passport.id, left.early.id, storeroom.id]);
    const notes = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", `documentId=${b.id}&layout=wide`))).text,
    );
    expect(notes.map((r) => r.annotation_id)).toContain(left.noteOnly.id);
    const csv = await fromCsv(t, `documentId=${a.id}&tag=forced-labour`);
    expect(csv.codes).toEqual({ "forced-labour": { passages: 3, documents: 1 } });
  });

  it("answers 404 when any listed document or code is unknown", async () => {
    const { t, a } = await corpus();
    for (const name of [
      "extracts.csv",
      "findings-codes.csv",
      "findings-matrix.csv",
      "findings.csv",
      "report.html",
      "annotations.jsonld",
    ]) {
      expectError(
        await t.call("GET", exportPath(t, name, `documentId=${a.id},doc_missing`)),
        404,
        "document.not_found",
      );
      expectError(
        await t.call("GET", exportPath(t, name, "tag=forced-labour,nope")),
        404,
        "tag.not_found",
      );
    }
    expectError(
      await t.call("GET", exportPath(t, "extracts.csv", "to=March")),
      400,
      "request.invalid_query",
    );
  });

  it("lists the same passages in the report whether it keeps them or reads each code again", async () => {
    const { t, a, b, owner } = await corpus();
    const filter = {
      documentIds: [a.id, b.id],
      tags: ["forced-labour", "corruption"],
      authors: [owner],
      from: "2025-03-01",
      to: "2025-03-03",
    };
    const render = async (bufferChars?: number) => {
      const source = await new Export.ExportSource(t.ctx, {
        workspaceId: t.workspaceId,
        filter,
        origin: "",
      }).prepare();
      let html = "";
      for await (const piece of Export.reportHtml(source, {
        generatedAt: "2025-03-10T00:00:00Z",
        ...(bufferChars !== undefined ? { bufferChars } : {}),
      })) {
        html += piece;
      }
      return html;
    };
    const kept = await render();
    expect(await render(0)).toBe(kept);
    expect(kept.match(/<li>/g)).toHaveLength(4);
  });
});
