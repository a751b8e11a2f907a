import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { failOnDialogs, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

const HOSTILE_TEXT = [
  "A source that quotes markup: <img src=x onerror=alert(1)> appears in the leaked page.",
  'It also embeds <script>alert("text")</script> and <b onmouseover=alert(2)>bold</b> tags.',
].join("\n\n");
const HOSTILE_NOTE = '<script>alert("note")</script><img src=y onerror=alert(3)>';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let dialogs: string[];

/** Elements a script injection would create; the app itself has only its module <script>. */
function injected(page: Page) {
  return page.evaluate(() => ({
    images: document.querySelectorAll("img").length,
    scripts: [...document.querySelectorAll("script")].filter((s) => !s.src.includes("/assets/"))
      .length,
    bold: document.querySelectorAll(".doc-text b, .ann-card b").length,
  }));
}

useBrowserSession({ viewport: { width: 1280, height: 800 } }, (session) => {
  ({ runtime, browser, page, dialogs } = session);
});

describe("user text is shown as text", () => {
  it("runs no script from a document's text, title or a note", async () => {
    const doc = await runtime.api<{ id: string }>(
      "POST",
      `/api/workspaces/${runtime.workspaceId}/documents`,
      { title: "Leak <img src=x onerror=alert(4)>", text: HOSTILE_TEXT },
    );
    await page.goto(runtime.url);
    await page.locator(".document-row").waitFor();
    expect(await page.locator(".document-title").textContent()).toBe(
      "Leak <img src=x onerror=alert(4)>",
    );

    await page.goto(`${runtime.url}/d/${doc.id}`);
    await waitForReader(page);
    expect(await page.locator(".doc-text").textContent()).toContain("<img src=x onerror=alert(1)>");

    // Tag the markup itself, with a note that is markup too.
    await page.evaluate(() => {
      const node = document.querySelector(".doc-text p")!.firstChild as Text;
      const at = node.data.indexOf("<img");
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + "<img src=x onerror=alert(1)>".length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.press("t");
    await page.getByLabel("Note").fill(HOSTILE_NOTE);
    await page.getByLabel("Filter codes").click();
    await page.keyboard.type("corr");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending) .ann-note").waitFor();
    expect(await page.locator(".ann-note").textContent()).toBe(HOSTILE_NOTE);
    expect(await page.locator(".ann-quote").textContent()).toBe("<img src=x onerror=alert(1)>");

    await page.reload();
    await waitForReader(page);
    await page.locator(".ann-note").waitFor();
    // Loaded and two frames painted after the note: anything it could inject would be there now.
    await page.waitForFunction(() => document.readyState === "complete");
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await injected(page)).toEqual({ images: 0, scripts: 0, bold: 0 });
    expect(dialogs).toEqual([]);
  });

  it("falls back to <mark> elements where the Highlight API is missing, still as text", async () => {
    const context = await browser.newContext();
    const fallback = await context.newPage();
    const fallbackDialogs = failOnDialogs(fallback);
    await fallback.addInitScript(() => {
      // Simulates a browser without CSS Custom Highlights.
      Object.defineProperty(window, "Highlight", { value: undefined });
    });
    const list = await runtime.api<{ items: Array<{ id: string }> }>(
      "GET",
      `/api/workspaces/${runtime.workspaceId}/documents`,
    );
    await fallback.goto(`${runtime.url}/d/${list.items[0]!.id}`);
    await fallback.locator(".doc-text mark").waitFor();
    expect(await fallback.locator(".doc-text mark").textContent()).toBe(
      "<img src=x onerror=alert(1)>",
    );
    expect(await fallback.locator(".doc-text p").first().textContent()).toBe(
      HOSTILE_TEXT.split("\n\n")[0],
    );
    expect(await injected(fallback)).toEqual({ images: 0, scripts: 0, bold: 0 });
    expect(fallbackDialogs).toEqual([]);
    await context.close();
  });
});
