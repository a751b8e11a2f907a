import { describe, expect, it } from "vitest";
import { download, exportPath, parseCsv } from "../exports/support.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  documentPath,
  expectError,
  expectStatus,
  makeDocument,
} from "../support/data.ts";

const attributesPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/attributes`;

/**
 * Three documents: two on Cambodia (an NGO report, a news article), one on Myanmar. Under
 * `attr.country=Cambodia` the passages are: forced labour ×3 (2 in A, 1 in B), trafficking ×2
 * (A, B), corruption ×1 (A); the Myanmar document's passages are out.
 */
async function corpus() {
  const t = await makeTestApp();
  await t.call("POST", `${attributesPath(t)}/starter`);
  const a = await makeDocument(t, { title: "A: NGO report" });
  const b = await makeDocument(t, { title: "B: news" });
  const c = await makeDocument(t, { title: "C: Myanmar" });
  const values: Array<[typeof a, Record<string, unknown>]> = [
    [a, { Country: "Cambodia", "Source type": "NGO report", "Publication year": 2023 }],
    [b, { Country: "Cambodia", "Source type": "News article", "Publication year": 2024 }],
    [c, { Country: "Myanmar", "Source type": "NGO report" }],
  ];
  for (const [doc, attributes] of values) {
    expectStatus(
      await t.call("PATCH", documentPath(t, doc.id), {
        attributes,
        author: `Author of ${doc.title}`,
        version: doc.version,
      }),
      200,
    );
  }
  await annotate(t, a.id, "collected every passport", { tags: ["forced-labour", "corruption"] });
  await annotate(t, a.id, "locked in a storeroom overnight", {
    tags: ["forced-labour", "trafficking"],
  });
  await annotate(t, b.id, "promised the workers a monthly wage", {
    tags: ["forced-labour", "trafficking"],
  });
  await annotate(t, c.id, "collected every passport", { tags: ["forced-labour", "torture"] });
  await annotate(t, c.id, "Local police detained two men", { tags: ["arbitrary-detention"] });
  return { t, a, b, c };
}

const EXPECTED: Record<string, number> = { "forced-labour": 3, trafficking: 2, corruption: 1 };

describe("an attribute filter", () => {
  it("gives the same numbers in findings.json, the CSV exports, report.html and JSON-LD", async () => {
    const { t, a, b } = await corpus();
    const q = "attr.country=Cambodia";

    const findings = await t.call("GET", exportPath(t, "findings.json", q));
    expectStatus(findings, 200);
    expect(findings.body.annotationCount).toBe(3);
    expect(findings.body.filter.attributes).toEqual({ country: ["Cambodia"] });
    const fromJson = Object.fromEntries(
      findings.body.codes.map((c: { code: string; passages: number }) => [c.code, c.passages]),
    );
    expect(fromJson).toEqual(EXPECTED);
    expect(findings.body.documents.map((d: { id: string }) => d.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(findings.body.documents[0].author).toMatch(/^Author of /);

    const codes = parseCsv((await download(t, exportPath(t, "findings-codes.csv", q))).text);
    expect(
      Object.fromEntries(
        codes.filter((r) => r.passages !== "0").map((r) => [r.code, Number(r.passages)]),
      ),
    ).toEqual(EXPECTED);

    const matrix = parseCsv((await download(t, exportPath(t, "findings-matrix.csv", q))).text);
    const matrixTotals: Record<string, number> = {};
    for (const r of matrix)
      matrixTotals[r.code!] = (matrixTotals[r.code!] ?? 0) + Number(r.passages);
    expect(Object.fromEntries(Object.entries(matrixTotals).filter(([, n]) => n > 0))).toEqual(
      EXPECTED,
    );

    const long = parseCsv((await download(t, exportPath(t, "extracts.csv", q))).text);
    const perCode: Record<string, number> = {};
    for (const r of long) perCode[r.code!] = (perCode[r.code!] ?? 0) + 1;
    expect(perCode).toEqual(EXPECTED);
    expect(new Set(long.map((r) => r.attr_country))).toEqual(new Set(["Cambodia"]));
    expect(long.find((r) => r.document_id === a.id)).toMatchObject({
      "attr_source-type": "NGO report",
      "attr_publication-year": "2023",
      document_author: "Author of A: NGO report",
    });
    const wide = parseCsv(
      (await download(t, exportPath(t, "extracts.csv", `${q}&layout=wide`))).text,
    );
    expect(wide).toHaveLength(3);

    const report = (await download(t, exportPath(t, "report.html", q))).text;
    expect(report).toContain("3 coded passages in 2 documents");
    expect(report).toContain("Country: Cambodia");
    for (const [code, n] of Object.entries({
      "Forced labour": 3,
      "Human trafficking": 2,
      Corruption: 1,
    })) {
      expect(report).toMatch(new RegExp(`${code}</td><td class="n">${n}</td><td class="n">`));
    }
    expect(report).toContain("Author of A: NGO report");
    expect(report).not.toContain("C: Myanmar");

    const jsonld = JSON.parse((await download(t, exportPath(t, "annotations.jsonld", q))).text);
    expect(jsonld.total).toBe(3);
  });

  it("matrices code × attribute value beside code × document, the same in JSON and CSV", async () => {
    const { t } = await corpus();
    const findings = (await t.call("GET", exportPath(t, "findings.json"))).body;
    const country = findings.attributeMatrices.find(
      (m: { attributeId: string }) => m.attributeId === "country",
    );
    expect(country.values).toEqual(["Cambodia", "Myanmar"]);
    expect(country.matrix["forced-labour"]).toEqual({ Cambodia: 3, Myanmar: 1 });
    expect(country.matrix["arbitrary-detention"]).toEqual({ Myanmar: 1 });
    const year = findings.attributeMatrices.find(
      (m: { attributeId: string }) => m.attributeId === "publication-year",
    );
    expect(year.values).toEqual(["2023", "2024", "(none)"]);
    expect(year.matrix["forced-labour"]).toEqual({ "2023": 2, "2024": 1, "(none)": 1 });
    const kind = findings.attributeMatrices.find(
      (m: { attributeId: string }) => m.attributeId === "source-type",
    );
    expect(kind.values).toEqual(["NGO report", "News article"]);

    const rows = parseCsv(
      (await download(t, exportPath(t, "findings-attributes.csv", "bom=1"))).text,
    );
    const cell = (code: string, attribute: string, value: string) =>
      Number(
        rows.find((r) => r.code === code && r.attribute === attribute && r.value === value)
          ?.passages,
      );
    expect(cell("forced-labour", "country", "Cambodia")).toBe(3);
    expect(cell("forced-labour", "country", "Myanmar")).toBe(1);
    expect(cell("torture", "country", "Cambodia")).toBe(0);
    expect(cell("forced-labour", "publication-year", "(none)")).toBe(1);

    const report = (await download(t, exportPath(t, "report.html"))).text;
    expect(report).toContain("Codes by Country");
  });

  it("narrows by several values, by date year and by yes/no, and refuses unknown ones", async () => {
    const { t } = await corpus();
    const count = async (q: string) =>
      (await t.call("GET", exportPath(t, "findings.json", q))).body.annotationCount;
    expect(await count("attr.country=Cambodia,Myanmar")).toBe(5);
    expect(await count("attr.Source%20type=NGO%20report")).toBe(4);
    expect(await count("attr.source-type=ngo%20report&attr.country=cambodia")).toBe(2);
    expect(await count("attr.publication-year=2024")).toBe(1);
    expectError(
      await t.call("GET", exportPath(t, "findings.json", "attr.source-type=Blog")),
      422,
      "attribute.unknown_choice",
    );
    expectError(
      await t.call("GET", exportPath(t, "extracts.csv", "attr.nothing=1")),
      422,
      "attribute.unknown",
    );
    expectError(
      await t.call("GET", exportPath(t, "findings.json", "attr.publication-year=soon")),
      422,
      "attribute.invalid_value",
    );
    expectError(
      await t.call("GET", exportPath(t, "findings.json", "country=Cambodia")),
      400,
      "request.unknown_field",
    );
  });
});
