import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import { waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { makeReport } from "./support/text.ts";

interface Ann {
  id: string;
  start: number;
  end: number;
  exact: string;
  tags: string[];
}

const TEXT = makeReport();
const WIDTH = 390;
const HEIGHT = 844;

let runtime: Runtime;
let page: Page;
let docId: string;
let shareUrl: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;
const saved = async () =>
  (await runtime.api<{ items: Ann[] }>("GET", `${base()}/documents/${docId}/annotations`)).items;

useBrowserSession({ viewport: { width: WIDTH, height: HEIGHT }, mobile: true }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  docId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Report on recruitment and confinement in the harbour district compounds",
      text: TEXT,
      sourceUrl: "https://www.example.org/reports/2023/a-very-long-address-that-should-wrap-nicely",
    })
  ).id;
  const start = TEXT.indexOf("Guards locked");
  await runtime.api("POST", `${base()}/documents/${docId}/annotations`, {
    start,
    end: start + "Guards locked the dormitory".length,
    exact: "Guards locked the dormitory",
    tags: ["arbitrary-detention"],
  });
  shareUrl = (await runtime.api<{ url: string }>("POST", `${base()}/documents/${docId}/shares`, {}))
    .url;
});

/**
 * How far the page is wider than the phone's screen (0 when it fits). A mobile browser widens
 * its layout viewport to content that overflows, so innerWidth alone would hide the overflow.
 */
const overflow = () =>
  page.evaluate(
    (screen) => Math.max(document.documentElement.scrollWidth, window.innerWidth) - screen,
    WIDTH,
  );

/** Selects the first occurrence of `phrase` in the text, as touch handles or a screen reader do. */
function selectProgrammatically(phrase: string) {
  return page.evaluate((wanted) => {
    for (const p of document.querySelectorAll(".doc-text p")) {
      const node = p.firstChild as Text;
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      p.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`not in the text: ${wanted}`);
  }, phrase);
}

describe("on a phone (390×844, touch)", () => {
  it("fits every page into the viewport", async () => {
    const pages: Array<[string, string]> = [
      ["/", ".document-row"],
      [`/d/${docId}`, ".doc-text p"],
      ["/codebook", ".tag-row"],
      ["/findings", ".heatmap"],
      [shareUrl, ".doc-text p"],
    ];
    for (const [path, ready] of pages) {
      await page.goto(runtime.url + path);
      await page.locator(ready).first().waitFor();
      expect({ path, overflow: await overflow() }).toEqual({ path, overflow: 0 });
    }
  });

  it("folds the top bar into a menu", async () => {
    await page.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(page);
    const findings = page.getByRole("link", { name: "Findings" });
    expect(await findings.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Menu" }).tap();
    await findings.waitFor();
    expect(await page.getByRole("button", { name: "Share", exact: true }).isVisible()).toBe(true);
    expect(await overflow()).toBe(0);
    await screenshot(page, "phone-menu");
    await page.getByRole("button", { name: "Menu" }).tap();
    await findings.waitFor({ state: "hidden" });
  });

  it("opens the annotation list as a drawer", async () => {
    const card = page.locator(".ann-card").first();
    expect(await card.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Annotations (1)" }).tap();
    await card.waitFor();
    await screenshot(page, "phone-drawer");
    await page.getByRole("button", { name: "Back to the text" }).tap();
    await card.waitFor({ state: "hidden" });
  });

  it("tags a passage selected programmatically, in a sheet that fits the screen", async () => {
    await selectProgrammatically("the passports were confiscated");
    const sheet = page.locator(".popover.sheet");
    await sheet.waitFor();
    const box = (await sheet.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
    await screenshot(page, "phone-sheet");
    await sheet.locator('button[data-tag="forced-labour"]').tap();
    await sheet.getByRole("button", { name: "Save" }).tap();
    await sheet.waitFor({ state: "detached" });
    await expect
      .poll(async () => (await saved()).map((a) => a.exact))
      .toContain("the passports were confiscated");
  });

  it("follows the selection while the sheet is open, as dragging a handle changes it", async () => {
    await selectProgrammatically("Workers were told");
    const sheet = page.locator(".popover.sheet");
    await sheet.locator(".popover-quote", { hasText: "Workers were told" }).waitFor();
    await selectProgrammatically("Workers were told to repay a debt");
    await sheet.locator(".popover-quote", { hasText: "to repay a debt" }).waitFor();
    await sheet.locator('button[data-tag="trafficking"]').tap();
    await sheet.getByRole("button", { name: "Save" }).tap();
    await sheet.waitFor({ state: "detached" });
    await expect
      .poll(async () => (await saved()).map((a) => a.exact))
      .toContain("Workers were told to repay a debt");
  });
});
