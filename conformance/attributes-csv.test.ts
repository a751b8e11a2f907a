import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../tests/support/app.ts";
import { documentPath, makeDocument } from "../tests/support/data.ts";
import { runPython } from "./support/python.ts";

/** A CSV as pandas or Python's csv module writes it (BOM, CRLF), from a header and records. */
function writtenBy(tool: "pandas" | "csv", header: string[], records: unknown[][]): Buffer {
  const result = runPython("write_attributes_csv.py", JSON.stringify({ header, records }), [tool]);
  expect(result.status, result.stderr).toBe(0);
  return Buffer.from(result.stdout, "utf8");
}

async function importCsv(t: TestApp, bytes: Buffer) {
  const res = await t.app.request(`/api/workspaces/${t.workspaceId}/imports/attributes.csv`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: await res.json() };
}

describe("attribute values from a CSV written by Python", () => {
  for (const tool of ["pandas", "csv"] as const) {
    it(`imports ${tool}'s CSV (BOM, CRLF, quoted commas and line breaks) by id and by title`, async () => {
      const t = await makeTestApp();
      await t.call("POST", `/api/workspaces/${t.workspaceId}/attributes/starter`);
      await t.call("POST", `/api/workspaces/${t.workspaceId}/attributes`, {
        name: "Notes, short",
        type: "text",
      });
      const a = await makeDocument(t, { title: "Report, Phnom Penh" });
      const b = await makeDocument(t, { title: "تقرير الأمم المتحدة" });
      const c = await makeDocument(t, { title: "Twin" });
      await makeDocument(t, { title: "Twin" });
      const bytes = writtenBy(
        tool,
        ["document_id", "title", "Country", "source-type", "attr_publication-year", "Notes, short"],
        [
          [a.id, "", "Cambodia", "NGO report", 2023, 'said "no"\r\nthen left'],
          ["", "تقرير الأمم المتحدة", "Lebanon", "un report", "", ""],
          ["", "Twin", "Myanmar", "", "", ""],
          ["doc_missing", "", "Laos", "", "", ""],
          [c.id, "", "Thailand", "Blog", "", ""],
          [c.id, "", "Thailand", "", "soon", ""],
        ],
      );
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.includes(Buffer.from("\r\n"))).toBe(true);
      const reply = await importCsv(t, bytes);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.rows.map((r: { status: string }) => r.status)).toEqual([
        "imported",
        "imported",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
      ]);
      expect(reply.body.rows[2].reason).toMatch(/2 documents are titled "Twin"/);
      expect(reply.body.rows[3].reason).toMatch(/no document with id "doc_missing"/);
      expect(reply.body.rows[4].reason).toMatch(/"Blog" is not a choice/);
      expect(reply.body.rows[5].reason).toMatch(/takes a number/);
      expect(reply.body.rows.map((r: { row: number }) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
      const first = (await t.call("GET", documentPath(t, a.id))).body;
      expect(first.attributes).toEqual({
        country: "Cambodia",
        "source-type": "NGO report",
        "publication-year": 2023,
        "notes-short": 'said "no"\r\nthen left',
      });
      const second = (await t.call("GET", documentPath(t, b.id))).body;
      expect(second.attributes).toEqual({ country: "Lebanon", "source-type": "UN report" });
      expect((await t.call("GET", documentPath(t, c.id))).body.attributes).toEqual({});
      // The same file again changes nothing more.
      const again = await importCsv(t, bytes);
      expect(again.body.imported).toBe(2);
      expect((await t.call("GET", documentPath(t, b.id))).body.attributes).toEqual(
        second.attributes,
      );
    });
  }

  it("refuses a CSV with no key column or no attribute column, and one that is not UTF-8", async () => {
    const t = await makeTestApp();
    await t.call("POST", `/api/workspaces/${t.workspaceId}/attributes/starter`);
    const noKey = await importCsv(t, writtenBy("csv", ["Country"], [["Cambodia"]]));
    expect(noKey).toMatchObject({ status: 422, body: { error: { code: "csv.no_key_column" } } });
    const noAttr = await importCsv(t, writtenBy("csv", ["title", "Region"], [["A", "Asia"]]));
    expect(noAttr).toMatchObject({
      status: 422,
      body: { error: { code: "csv.no_attribute_columns" } },
    });
    const latin1 = await importCsv(t, Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xe9]));
    expect(latin1).toMatchObject({ status: 422, body: { error: { code: "csv.not_utf8" } } });
  });
});
