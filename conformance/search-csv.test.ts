import { beforeAll, describe, expect, it } from "vitest";
import { neutralise } from "../packages/core/src/export/csv.ts";
import { download } from "../tests/exports/support.ts";
import { makeTestApp, type TestApp } from "../tests/support/app.ts";
import { annotate, makeDocument } from "../tests/support/data.ts";
import { readWithPython } from "./support/python.ts";

// Hits whose context crosses line and paragraph breaks into lines that start with formula
// characters, with commas, quotes, right-to-left text and an emoji in the cells.
const TEXT = [
  'The broker took the passport, "for safety", on arrival.',
  "=HYPERLINK(1) passport\n+44 on the contract; -5 a day",
  "@guards kept every passport 🙂 الشرطة احتجزت passport.",
].join("\n\n");

describe("search.csv read by Python's csv and pandas", () => {
  let t: TestApp;
  let documentId: string;

  beforeAll(async () => {
    t = await makeTestApp();
    documentId = (await makeDocument(t, { title: '=Broker, "report"', text: TEXT })).id;
    await annotate(t, documentId, "The broker took the passport", {
      tags: ["forced-labour", "corruption"],
      text: TEXT,
    });
  });

  it("gives a record per hit whose fields equal the API's, with or without a BOM", async () => {
    const api = await t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=passport&limit=500`);
    expect(api.status).toBe(200);
    expect(api.body.total).toBe(4);
    for (const bom of ["0", "1"]) {
      const file = await download(
        t,
        `/api/workspaces/${t.workspaceId}/search.csv?q=passport&bom=${bom}`,
      );
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toMatch(/^text\/csv/);
      const read = readWithPython(file.bytes);
      const [header, ...records] = read.csv;
      expect(header).toEqual(read.pandas.columns);
      expect(records).toEqual(read.pandas.rows);
      expect(records).toHaveLength(api.body.total);
      const column = (name: string) => header!.indexOf(name);
      api.body.items.forEach(
        (
          hit: {
            title: string;
            start: number;
            end: number;
            before: string;
            exact: string;
            after: string;
            coded: boolean;
            codes: string[];
            paragraph: number;
          },
          i: number,
        ) => {
          const record = records[i]!;
          expect(record[column("document_id")]).toBe(documentId);
          expect(record[column("document_title")]).toBe(neutralise(hit.title));
          expect(record[column("start")]).toBe(String(hit.start));
          expect(record[column("end")]).toBe(String(hit.end));
          expect(record[column("paragraph")]).toBe(String(hit.paragraph));
          expect(record[column("before")]).toBe(neutralise(hit.before));
          expect(record[column("exact")]).toBe(hit.exact);
          expect(record[column("after")]).toBe(neutralise(hit.after));
          expect(record[column("coded")]).toBe(String(hit.coded));
          expect(record[column("codes")]).toBe(hit.codes.join("; "));
          expect(TEXT.slice(hit.start, hit.end)).toBe(hit.exact);
        },
      );
      expect(records[0]![column("codes")]).toBe("corruption; forced-labour");
    }
  });

  it("refuses a bad query with a JSON error, not a file", async () => {
    const reply = await t.call("GET", `/api/workspaces/${t.workspaceId}/search.csv?q=NOT+x`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toMatch(/^search\./);
  });
});
