import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { dragSelect, highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { makeReport } from "./support/text.ts";

const TEXT = makeReport();
const PHRASE = "the passports were confiscated by the supervisor";
const CREATE = /\/documents\/doc_[^/]+\/annotations$/;

let runtime: Runtime;
let page: Page;
let docId: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;

async function stored(): Promise<{ exact: string }[]> {
  const list = await runtime.api<{ items: { exact: string }[] }>(
    "GET",
    `${base()}/documents/${docId}/annotations`,
  );
  return list.items;
}

/** Tags PHRASE with "forced labour" through the popover. */
async function tagPhrase(): Promise<void> {
  await dragSelect(page, "the passports", "the supervisor");
  await page.locator(".popover").waitFor();
  await page.keyboard.type("forced");
  await page.keyboard.press("Enter");
}

/** Whether the paragraph holding `phrase` is in the band whose highlights paint (data-hl). */
function paintedParagraph(phrase: string): Promise<boolean> {
  return page.evaluate((words) => {
    const p = [...document.querySelectorAll(".doc-text > p")].find((el) =>
      el.textContent?.includes(words),
    );
    return p?.hasAttribute("data-hl") ?? false;
  }, phrase);
}

useBrowserSession({ viewport: { width: 1360, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

describe("creating a passage in the reader", () => {
  it("opens a document whose highlight rules paint only the paragraphs around the screen", async () => {
    const created = await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Recruitment report",
      text: TEXT,
    });
    docId = created.id;
    await page.goto(`${runtime.url}/w/${runtime.workspaceId}/d/${docId}`);
    await waitForReader(page);
    const css = await page.evaluate(() =>
      [...document.querySelectorAll("style[data-gloss]")].map((s) => s.textContent).join("\n"),
    );
    // Every rule of the reader's highlights is scoped to the band, none is universal.
    expect(css).toMatch(/\.doc-text > \[data-hl\]::highlight\(gloss-t-forced-labour\)/);
    expect(css).not.toMatch(/(^|\n)::highlight/);
    expect(await paintedParagraph(PHRASE)).toBe(true);
  });

  it("shows the highlight before the server has answered, then keeps the saved passage", async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(CREATE, async (route: Route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await held;
      await route.fallback();
    });
    await tagPhrase();
    // The request is still held: the highlight is there already, on exactly the chosen words.
    await page.waitForFunction(() => (CSS.highlights.get("gloss-t-forced-labour")?.size ?? 0) > 0);
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await paintedParagraph(PHRASE)).toBe(true);
    expect(await stored()).toEqual([]);
    release!();
    await page.locator(".ann-card:not(.pending)").waitFor();
    await page.unroute(CREATE);
    expect((await stored()).map((a) => a.exact)).toEqual([PHRASE]);
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
  });

  it("takes the highlight back and says why when the server refuses the passage", async () => {
    await page.reload();
    await waitForReader(page);
    await page.route(CREATE, (route: Route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "storage.unavailable", message: "storage is unavailable" },
            }),
          })
        : route.fallback(),
    );
    await dragSelect(page, "Workers were told", "locked the dormitory");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("forced");
    await page.keyboard.press("Enter");
    await page.getByText("The annotation was not saved").waitFor();
    await page.unroute(CREATE);
    // Only the passage saved before is highlighted, and only it is stored.
    await page.waitForFunction(() => CSS.highlights.get("gloss-t-forced-labour")?.size === 1);
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await page.locator(".ann-card").count()).toBe(1);
    expect((await stored()).map((a) => a.exact)).toEqual([PHRASE]);
  });
});

describe("the author of a new document", () => {
  it("is taken from the paste form and carried in the JSON-LD export", async () => {
    await page.goto(runtime.url);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Testimony from the compound");
    await page.getByLabel("Text", { exact: true }).fill(TEXT);
    await page.getByLabel("Author").fill("Office of the High Commissioner");
    await page.getByRole("button", { name: "Add document" }).click();
    await page.waitForURL(/\/d\/doc_/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const document = await runtime.api<{ author: string | null }>(
      "GET",
      `${base()}/documents/${id}`,
    );
    expect(document.author).toBe("Office of the High Commissioner");

    await runtime.api("POST", `${base()}/documents/${id}/annotations`, {
      start: TEXT.indexOf(PHRASE),
      end: TEXT.indexOf(PHRASE) + PHRASE.length,
      exact: PHRASE,
      tags: ["forced-labour"],
    });
    const body = await runtime.api<{
      first?: { items: { target: { source: { creator?: { name: string } } } }[] };
      items?: { target: { source: { creator?: { name: string } } } }[];
    }>("GET", `${base()}/exports/annotations.jsonld`);
    const items = body.first?.items ?? body.items ?? [];
    const mine = items.filter((a) => a.target.source.creator);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]!.target.source.creator).toEqual({ name: "Office of the High Commissioner" });
  });

  it("is taken from the upload form, over the file's own", async () => {
    await page.goto(runtime.url);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByRole("tab", { name: "Upload a file" }).click();
    await page.locator('input[name="file"]').setInputFiles({
      name: "briefing.html",
      mimeType: "text/html",
      buffer: Buffer.from(
        `<!doctype html><html><head><title>Briefing</title><meta name="author" content="Someone Else"></head><body><article><p>${PHRASE} at the compound gate.</p><p>Workers were told to wait.</p></article></body></html>`,
      ),
    });
    await page.getByLabel("Author").fill("Human Rights Desk");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page
      .getByRole("list", { name: "Uploads" })
      .getByRole("link", { name: /^Open/ })
      .waitFor({ timeout: 60_000 });
    const list = await runtime.api<{ items: { title: string; author: string | null }[] }>(
      "GET",
      `${base()}/documents`,
    );
    expect(list.items.find((d) => d.title === "Briefing")?.author).toBe("Human Rights Desk");
  });
});
