import { describe, expect, it } from "vitest";
import { annotateInBulk } from "../../bench/lib/seed.ts";
import { makeTestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  expectError,
  expectStatus,
  makeDocument,
  tickingClock,
} from "../support/data.ts";
import { download, exportPath, HOSTILE_TEXT, parseCsv } from "./support.ts";

async function corpus() {
  const t = await makeTestApp({ now: tickingClock() });
  const doc = await makeDocument(t, {
    title: "Broker report",
    text: HOSTILE_TEXT,
    sourceUrl: "https://example.org/report",
    publishedAt: "2024-05-01",
  });
  const other = await makeDocument(t, { title: "Second source" });
  const passport = await annotate(t, doc.id, "🙂 said the broker took their passports", {
    tags: ["forced-labour", "trafficking"],
    note: "=1+1",
  });
  const quoted = await annotate(t, doc.id, 'them, "Pay 450 dollars, or else."\n\nLater', {
    tags: ["corruption"],
    note: 'Threat, with commas, "quotes" and\na line break',
  });
  const arabic = await annotate(t, doc.id, "الشرطة احتجزت", { tags: ["arbitrary-detention"] });
  const elsewhere = await annotate(t, other.id, "collected every passport", {
    tags: ["forced-labour"],
  });
  return { t, doc, other, passport, quoted, arabic, elsewhere };
}

describe("extracts.csv", () => {
  it("writes one row per passage and code in the long layout, with every column", async () => {
    const { t, doc, passport } = await corpus();
    const reply = await download(t, exportPath(t, "extracts.csv"));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toMatch(
      /^attachment; filename="gloss-my-workspace-extracts-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = parseCsv(reply.text);
    expect(rows).toHaveLength(5);
    // Written out, not EXTRACT_COLUMNS: the test states the published columns on its own.
    for (const column of [
      "document_id",
      "document_title",
      "source_url",
      "published_at",
      "annotation_id",
      "code",
      "code_label",
      "code_path",
      "quote",
      "prefix",
      "suffix",
      "start",
      "end",
      "page",
      "note",
      "author",
      "created_at",
      "updated_at",
      "passage_url",
      "linked_annotation_ids",
      "linked_quotes",
    ]) {
      expect(Object.keys(rows[0]!)).toContain(column);
    }
    const first = rows.filter((r) => r.annotation_id === passport.id);
    expect(first.map((r) => r.code)).toEqual(["forced-labour", "trafficking"]);
    expect(first[0]).toMatchObject({
      document_id: doc.id,
      document_title: "Broker report",
      source_url: "https://example.org/report",
      published_at: "2024-05-01",
      code_label: "Forced labour",
      code_path: "Labour and exploitation › Forced labour",
      quote: passport.exact,
      start: String(passport.start),
      end: String(passport.end),
      page: "",
      author: "Local owner",
      passage_url: `http://localhost/w/${t.workspaceId}/d/${doc.id}#ann=${passport.id}`,
    });
  });

  it("writes one row per passage in the wide layout, codes joined by '; '", async () => {
    const { t, passport } = await corpus();
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv", "layout=wide"))).text);
    expect(rows).toHaveLength(4);
    const row = rows.find((r) => r.annotation_id === passport.id)!;
    expect(row.code).toBe("forced-labour; trafficking");
    expect(row.code_label).toBe("Forced labour; Human trafficking");
    expect(row.code_path).toBe(
      "Labour and exploitation › Forced labour; Labour and exploitation › Human trafficking",
    );
  });

  it("ends records with CRLF and starts with a BOM only when asked", async () => {
    const { t } = await corpus();
    const plain = await download(t, exportPath(t, "extracts.csv"));
    expect(Array.from(plain.bytes.slice(0, 3))).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(plain.text.startsWith("document_id,")).toBe(true);
    expect(plain.text.split("\r\n")[0]).not.toContain("\n");
    expect(plain.text.endsWith("\r\n")).toBe(true);
    const withBom = await download(t, exportPath(t, "extracts.csv", "bom=1"));
    expect(Array.from(withBom.bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(withBom.text)).toEqual(parseCsv(plain.text));
  });

  it("neutralises a note a spreadsheet would run as a formula", async () => {
    const { t, passport } = await corpus();
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv"))).text);
    expect(rows.find((r) => r.annotation_id === passport.id)!.note).toBe("'=1+1");
  });

  it("round-trips quotes with commas, quotes, line breaks, emoji and right-to-left text", async () => {
    const { t, passport, quoted, arabic } = await corpus();
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv"))).text);
    const byId = (id: string) => rows.find((r) => r.annotation_id === id)!;
    expect(byId(quoted.id).quote).toBe('them, "Pay 450 dollars, or else."\n\nLater');
    expect(byId(quoted.id).note).toBe('Threat, with commas, "quotes" and\na line break');
    expect(byId(passport.id).quote).toBe("🙂 said the broker took their passports");
    expect(byId(arabic.id).quote).toBe("الشرطة احتجزت");
  });

  it("filters by code and by document", async () => {
    const { t, doc, passport, elsewhere } = await corpus();
    const byTag = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", "tag=forced-labour"))).text,
    );
    expect(byTag.map((r) => [r.annotation_id, r.code])).toEqual([
      [passport.id, "forced-labour"],
      [elsewhere.id, "forced-labour"],
    ]);
    const byDocument = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", `documentId=${doc.id}&layout=wide`))).text,
    );
    expect(byDocument).toHaveLength(3);
    expect(new Set(byDocument.map((r) => r.document_id))).toEqual(new Set([doc.id]));
  });

  it("lists linked passages with their quotes", async () => {
    const { t, passport, elsewhere } = await corpus();
    const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
      fromId: passport.id,
      toId: elsewhere.id,
      relation: "corroborates",
    });
    expectStatus(link, 201);
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv", "layout=wide"))).text);
    expect(rows.find((r) => r.annotation_id === passport.id)).toMatchObject({
      linked_annotation_ids: elsewhere.id,
      linked_relations: "corroborates",
      linked_quotes: "collected every passport",
    });
    expect(rows.find((r) => r.annotation_id === elsewhere.id)!.linked_quotes).toBe(passport.exact);
  });

  it("pages through more annotations than one DynamoDB page", async () => {
    const t = await makeTestApp();
    const words = Array.from({ length: 520 }, (_, i) => `w${i}`);
    const doc = await makeDocument(t, { text: words.join(" ") });
    // Written in bulk exactly as Annotation.create writes them: 520 API calls took most of a minute.
    let at = 0;
    const passages = words.map((word) => {
      const start = at;
      at += word.length + 1;
      return { start, end: start + word.length, tags: ["corruption"], note: "" };
    });
    await annotateInBulk(t.ctx, t.workspaceId, doc.id, words.join(" "), passages);
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv"))).text);
    expect(rows).toHaveLength(520);
    expect(new Set(rows.map((r) => r.annotation_id)).size).toBe(520);
    expect(new Set(rows.map((r) => r.quote))).toEqual(new Set(words));
    const text = words.join(" ");
    for (const row of rows) expect(row.quote).toBe(text.slice(Number(row.start), Number(row.end)));
  });

  it("answers 404 for another workspace, an unknown document or code", async () => {
    const { t, passport } = await corpus();
    expectError(
      await t.call("GET", "/api/workspaces/ws_someone_else/exports/extracts.csv"),
      404,
      "workspace.not_found",
    );
    expectError(
      await t.call("GET", exportPath(t, "extracts.csv", "documentId=doc_missing")),
      404,
      "document.not_found",
    );
    expectError(
      await t.call("GET", exportPath(t, "extracts.csv", "tag=nope")),
      404,
      "tag.not_found",
    );
    expectError(
      await t.call("GET", exportPath(t, "extracts.csv", "layout=tall")),
      400,
      "request.invalid_query",
    );
    // Deleted annotations are gone from the export.
    expectStatus(await t.call("DELETE", annotationPath(t, passport.id)), 204);
    const rows = parseCsv((await download(t, exportPath(t, "extracts.csv"))).text);
    expect(rows.some((r) => r.annotation_id === passport.id)).toBe(false);
  });
});
