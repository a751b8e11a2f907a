import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import { waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

const TEXT_A = [
  "Recruiters promised factory work abroad. On arrival the passports were confiscated by the supervisor.",
  "Guards locked the dormitory at night and beat those who refused to work.",
].join("\n\n");
const TEXT_B = [
  "A former worker said her passport was taken on the first day.",
  "Police raided the compound and arrested the workers as illegal migrants.",
].join("\n\n");

/**
 * The corpus, by passage. Hand-computed figures:
 *   forced-labour: a1, a4, b1 → 3 passages in 2 documents (A 2, B 1)
 *   arbitrary-detention: a3, b2 → 2 in 2 (A 1, B 1)
 *   trafficking a1, corruption a2, torture a4 → 1 in A each; victim-criminalisation b2 → 1 in B
 *   same passage: forced-labour+trafficking (a1), forced-labour+torture (a4),
 *     arbitrary-detention+victim-criminalisation (b2), 1 each
 *   overlapping: a1 ∩ a2 → corruption+forced-labour 1, corruption+trafficking 1
 */
const PASSAGES = {
  a1: {
    doc: "A",
    exact: "the passports were confiscated by the supervisor",
    tags: ["forced-labour", "trafficking"],
  },
  a2: { doc: "A", exact: "confiscated by the supervisor", tags: ["corruption"] },
  a3: { doc: "A", exact: "Guards locked the dormitory at night", tags: ["arbitrary-detention"] },
  a4: { doc: "A", exact: "beat those who refused to work", tags: ["torture", "forced-labour"] },
  b1: { doc: "B", exact: "her passport was taken on the first day", tags: ["forced-labour"] },
  b2: {
    doc: "B",
    exact: "arrested the workers as illegal migrants",
    tags: ["victim-criminalisation", "arbitrary-detention"],
  },
} as const;
type Key = keyof typeof PASSAGES;

const CODES: Record<string, [passages: number, documents: number]> = {
  "forced-labour": [3, 2],
  "arbitrary-detention": [2, 2],
  trafficking: [1, 1],
  corruption: [1, 1],
  torture: [1, 1],
  "victim-criminalisation": [1, 1],
};
const MATRIX: Record<string, { A: number; B: number }> = {
  "forced-labour": { A: 2, B: 1 },
  "arbitrary-detention": { A: 1, B: 1 },
  trafficking: { A: 1, B: 0 },
  corruption: { A: 1, B: 0 },
  torture: { A: 1, B: 0 },
  "victim-criminalisation": { A: 0, B: 1 },
};

let runtime: Runtime;
let page: Page;
const docs: Record<"A" | "B", string> = { A: "", B: "" };
const ids = {} as Record<Key, string>;

useBrowserSession({ viewport: { width: 1360, height: 1500 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  const ws = `/api/workspaces/${runtime.workspaceId}`;
  const texts = { A: TEXT_A, B: TEXT_B };
  const titles = { A: "Report A: inside the compound", B: "Report B: a survivor's account" };
  for (const doc of ["A", "B"] as const) {
    const created = await runtime.api<{ id: string }>("POST", `${ws}/documents`, {
      title: titles[doc],
      text: texts[doc],
    });
    docs[doc] = created.id;
  }
  for (const [key, p] of Object.entries(PASSAGES) as [Key, (typeof PASSAGES)[Key]][]) {
    const start = texts[p.doc].indexOf(p.exact);
    const saved = await runtime.api<{ id: string }>(
      "POST",
      `${ws}/documents/${docs[p.doc]}/annotations`,
      { start, end: start + p.exact.length, exact: p.exact, tags: [...p.tags] },
    );
    ids[key] = saved.id;
  }
}, 120_000);

const card = (key: Key) => page.locator(`.ann-card[data-ann="${ids[key]}"]`);

describe("links between passages", () => {
  it("links a passage in one document to a passage in another through the dialog", async () => {
    await page.goto(`${runtime.url}/d/${docs.A}`);
    await waitForReader(page);
    await card("a1").getByRole("button", { name: "Link to passage…" }).click();
    const dialog = page.getByRole("dialog", { name: "Link to passage" });
    await dialog.getByLabel("Find a passage").fill("passport taken");
    const candidates = dialog.locator(".link-candidate");
    await candidates.first().waitFor();
    expect(await candidates.count()).toBe(1);
    expect(await candidates.first().textContent()).toContain("Report B: a survivor's account");
    await candidates.first().click();
    await dialog.getByLabel("Relation").selectOption("corroborates");
    await dialog.getByLabel("Note (optional)").fill("Same practice, independent source");
    await dialog.getByRole("button", { name: "Link passages" }).click();
    await dialog.waitFor({ state: "detached" });

    const link = card("a1").locator(".passage-link");
    await link.waitFor();
    expect(await link.locator(".relation").textContent()).toBe("Corroborates");
    expect(await link.locator(".passage-link-quote").textContent()).toBe(`“${PASSAGES.b1.exact}”`);
    expect(await link.locator(".passage-link-doc").textContent()).toBe(
      "Report B: a survivor's account",
    );
  });

  it("follows the link to the other document and shows it in that passage's card", async () => {
    await card("a1").locator(".passage-link-target").click();
    await page.waitForURL(`${runtime.url}/w/${runtime.workspaceId}/d/${docs.B}#ann=${ids.b1}`);
    await waitForReader(page);
    await page.locator(`.ann-card.focused[data-ann="${ids.b1}"]`).waitFor();
    const back = card("b1").locator(".passage-link");
    await back.waitFor();
    expect(await back.locator(".relation").textContent()).toBe("Corroborated by");
    expect(await back.locator(".passage-link-quote").textContent()).toBe(`“${PASSAGES.a1.exact}”`);
    expect(await back.locator(".passage-link-doc").textContent()).toBe(
      "Report A: inside the compound",
    );
  });

  it("offers the current document's exports in the reader's toolbar", async () => {
    await page.locator(".export-menu summary").click();
    const href = await page
      .locator(".export-menu")
      .getByRole("link", { name: "Project (REFI-QDA .qdpx)" })
      .getAttribute("href");
    expect(href).toBe(
      `/api/workspaces/${runtime.workspaceId}/exports/project.qdpx?documentId=${docs.B}`,
    );
    await screenshot(page, "reader-links");
    await page.locator(".export-menu summary").click();
  });
});

describe("findings", () => {
  const cellText = (code: string, doc: "A" | "B") =>
    page
      .locator(`.heatmap tr[data-code="${code}"] td[data-doc="${docs[doc]}"]`)
      .textContent()
      .then((t) => Number(t));

  it("shows per-code counts and a heat map equal to the hand-computed figures", async () => {
    await page.getByRole("link", { name: "Findings" }).click();
    await page.waitForURL(`${runtime.url}/findings`);
    await page.locator(".code-table tbody tr").first().waitFor();

    const rows = await page
      .locator(".code-table tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-code"),
          Number(tr.querySelector(".passages")!.textContent),
          Number(tr.querySelector(".documents")!.textContent),
        ]),
      );
    expect(Object.fromEntries(rows.map(([code, p, d]) => [code, [p, d]]))).toEqual(CODES);
    expect(rows[0]![0]).toBe("forced-labour");
    expect(await page.locator(".findings-summary").textContent()).toContain("6 passages");

    for (const [code, counts] of Object.entries(MATRIX)) {
      expect({ code, A: await cellText(code, "A"), B: await cellText(code, "B") }).toEqual({
        code,
        ...counts,
      });
    }

    const pairs = (list: string) =>
      page
        .getByRole("list", { name: list })
        .locator("li")
        .evaluateAll((lis) =>
          Object.fromEntries(
            lis.map((li) => [
              li.getAttribute("data-pair"),
              Number(li.querySelector(".pair-count")!.textContent),
            ]),
          ),
        );
    expect(await pairs("Same passage")).toEqual({
      "forced-labour|trafficking": 1,
      "forced-labour|torture": 1,
      "arbitrary-detention|victim-criminalisation": 1,
    });
    expect(await pairs("Overlapping passages")).toEqual({
      "corruption|forced-labour": 1,
      "corruption|trafficking": 1,
    });
  });

  it("drills down from a cell to exactly its passages, each linking to the reader", async () => {
    // A laptop's height: the passages open below the matrix, and must be brought into view.
    await page.setViewportSize({ width: 1360, height: 640 });
    await page
      .locator(`.heatmap tr[data-code="forced-labour"] td[data-doc="${docs.A}"] button`)
      .click();
    const items = page.locator(".cell-passages .passages li");
    await items.first().waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const box = document.querySelector(".cell-passages")!.getBoundingClientRect();
          return box.top >= 0 && box.top < window.innerHeight - 100;
        }),
      )
      .toBe(true);
    await page.setViewportSize({ width: 1360, height: 1500 });
    const quotes = await items.locator(".passage-quote").allTextContents();
    expect(quotes.sort()).toEqual([PASSAGES.a1.exact, PASSAGES.a4.exact].sort());
    const hrefs = await items
      .getByRole("link", { name: "Open in the reader" })
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs.sort()).toEqual(
      [ids.a1, ids.a4].map((id) => `/w/${runtime.workspaceId}/d/${docs.A}#ann=${id}`).sort(),
    );
  });

  it("lists the cross-reference with both quotes, the relation and both documents", async () => {
    const xref = page.locator(".xref");
    expect(await xref.count()).toBe(1);
    expect(await xref.locator(".xref-quote").allTextContents()).toEqual([
      `“${PASSAGES.a1.exact}”`,
      `“${PASSAGES.b1.exact}”`,
    ]);
    expect(await xref.locator("cite").allTextContents()).toEqual([
      "Report A: inside the compound",
      "Report B: a survivor's account",
    ]);
    expect(await xref.locator(".xref-relation").textContent()).toContain("Corroborates");
    await screenshot(page, "findings");
  });

  it("narrows every figure to the chosen code, and exports with it", async () => {
    await page.locator('.multi[data-filter="codes"] summary').click();
    await page.locator(".multi[data-filter=codes]").getByLabel("Forced labour").check();
    await page.waitForURL(`${runtime.url}/findings?tag=forced-labour`);
    await page.locator('.findings[aria-busy="false"]').waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll(".code-table tbody tr").length === 1,
    );

    const row = page.locator('.code-table tr[data-code="forced-labour"]');
    expect(await row.locator(".passages").textContent()).toBe("3");
    expect(await row.locator(".documents").textContent()).toBe("2");
    expect(await page.locator(".findings-summary").textContent()).toContain("3 passages");
    expect({
      A: await cellText("forced-labour", "A"),
      B: await cellText("forced-labour", "B"),
    }).toEqual(MATRIX["forced-labour"]);
    // Both linked passages carry the code, so the cross-reference stays.
    expect(await page.locator(".xref").count()).toBe(1);

    const extracts = await page
      .getByRole("link", { name: "Extracts, long (CSV)" })
      .getAttribute("href");
    expect(extracts).toBe(
      `/api/workspaces/${runtime.workspaceId}/exports/extracts.csv?tag=forced-labour&layout=long`,
    );
    await page.getByLabel(/CSV for Excel/).check();
    expect(
      await page.getByRole("link", { name: "Extracts, wide (CSV)" }).getAttribute("href"),
    ).toContain("layout=wide&bom=1");
  });
});
