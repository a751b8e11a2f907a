import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../e2e/support/browser.ts";
import { makeTestApp } from "../support/app.ts";
import { annotate, expectStatus, makeDocument, tickingClock } from "../support/data.ts";
import { download, exportPath } from "./support.ts";

const LONG_TITLE = "Report of the Special Rapporteur on contemporary forms of slavery, 2024";
const LONG_CODE = "Criminalisation of victims of trafficking for forced criminality";

/** Two documents, one in Arabic, a long title and code label, and a one-way link between them. */
async function corpus() {
  const t = await makeTestApp({ now: tickingClock() });
  expectStatus(
    await t.call("POST", `/api/workspaces/${t.workspaceId}/tags`, {
      id: "forced-criminality",
      label: LONG_CODE,
    }),
    201,
  );
  const report = await makeDocument(t, {
    title: LONG_TITLE,
    text: "Summary of findings.\n\nWorkers were forced to run online scams under threat.\n\nThe broker kept their passports.",
    sourceUrl: "https://example.org/rapporteur",
  });
  const arabic = await makeDocument(t, {
    title: "تقرير الشرطة",
    text: "الشرطة احتجزت العمال الذين هربوا.",
  });
  const scams = await annotate(t, report.id, "forced to run online scams", {
    tags: ["forced-criminality", "forced-labour"],
    note: "Core finding",
  });
  const police = await annotate(t, arabic.id, "الشرطة احتجزت العمال", {
    tags: ["arbitrary-detention"],
  });
  const link = await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
    fromId: police.id,
    toId: scams.id,
    relation: "corroborates",
    note: "Police account matches",
  });
  expectStatus(link, 201);
  const html = (await download(t, exportPath(t, "report.html"))).text;
  return { t, report, arabic, scams, police, html };
}

describe("report.html", () => {
  let fixture: Awaited<ReturnType<typeof corpus>>;
  beforeAll(async () => {
    fixture = await corpus();
  });

  it("lists the cross-references with both quotes, the relation, its direction and both documents", () => {
    const { html, police, scams } = fixture;
    const section = html.split('<div class="cross-references">')[1] ?? "";
    expect(section).toContain("Cross-references");
    const item = /<li class="xref">([\s\S]*?)<\/li>/.exec(section)?.[1] ?? "";
    // From the police account to the report: the link reads in that order.
    const from = item.indexOf("الشرطة احتجزت العمال");
    const relation = item.indexOf("→ corroborates");
    const to = item.indexOf("forced to run online scams");
    expect(from).toBeGreaterThan(-1);
    expect(relation).toBeGreaterThan(from);
    expect(to).toBeGreaterThan(relation);
    expect(item).toContain("تقرير الشرطة");
    expect(item).toContain(LONG_TITLE.replace(/,/g, ","));
    expect(item).toContain(police.id);
    expect(item).toContain(scams.id);
    expect(item).toContain("Police account matches");
  });

  it("cites each passage with document, paragraph, annotation id and its link as printed text", () => {
    const { html, scams, report, t } = fixture;
    const section = html.split("<section").find((s) => s.includes(`${LONG_CODE}</h2>`)) ?? "";
    const item = /<li>([\s\S]*?)<\/li>/.exec(section)?.[1] ?? "";
    expect(item).toContain(">forced to run online scams</blockquote>");
    expect(item).toContain("https://example.org/rapporteur");
    expect(item).toContain("para. 2");
    // Visible text, not only an href: a printed report still says which annotation and where.
    const text = item.replace(/<[^>]+>/g, " ");
    expect(text).toContain(scams.id);
    expect(text).toContain(`http://localhost/w/${t.workspaceId}/d/${report.id}#ann=${scams.id}`);
  });

  it("marks every quote, note and title dir=auto, so right-to-left text reads right", () => {
    const { html } = fixture;
    for (const tag of ["blockquote", "h1", "h2"]) {
      const opened = html.match(new RegExp(`<${tag}\\b[^>]*>`, "g")) ?? [];
      expect(opened.length, tag).toBeGreaterThan(0);
      for (const open of opened) expect(open, tag).toContain('dir="auto"');
    }
    for (const open of html.match(/<p class="note"[^>]*>/g) ?? [])
      expect(open).toContain('dir="auto"');
    for (const open of html.match(/<a [^>]*>تقرير الشرطة/g) ?? [])
      expect(open).toContain('dir="auto"');
  });

  describe("in Chromium", () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("draws every heat-map label inside the heat map", async () => {
      const page = await browser.newPage();
      await page.setContent(fixture.html);
      const clipped = await page.evaluate(() => {
        const svg = document.querySelector(".heatmap svg")!;
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll(":scope > text")]
          .map((text) => ({ label: text.textContent ?? "", rect: text.getBoundingClientRect() }))
          .filter(
            ({ rect }) =>
              rect.left < box.left - 0.5 ||
              rect.top < box.top - 0.5 ||
              rect.right > box.right + 0.5 ||
              rect.bottom > box.bottom + 0.5,
          )
          .map(({ label }) => label);
      });
      expect(clipped).toEqual([]);
      await page.close();
    });
  });
});
