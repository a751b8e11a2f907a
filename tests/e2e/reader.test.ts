import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import { dragSelect, highlightTexts, selectOffsets, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { makeReport } from "./support/text.ts";

interface Ann {
  id: string;
  start: number;
  end: number;
  exact: string;
  tags: string[];
  note: string;
}

const TEXT = makeReport();
const PHRASE = "the passports were confiscated by the supervisor";

let runtime: Runtime;
let page: Page;
let docId: string;

async function annotations(): Promise<Ann[]> {
  const list = await runtime.api<{ items: Ann[] }>(
    "GET",
    `/api/workspaces/${runtime.workspaceId}/documents/${docId}/annotations?limit=500`,
  );
  return list.items;
}

useBrowserSession({ viewport: { width: 1360, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

describe("reader", () => {
  it("creates a document from pasted text and opens it", async () => {
    await page.goto(runtime.url);
    await page.getByText("No documents yet").waitFor();
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Report on recruitment and confinement");
    await page.getByLabel("Text", { exact: true }).fill(TEXT);
    await page.getByRole("button", { name: "Add document" }).click();
    await page.waitForURL(/\/d\/doc_/);
    docId = new URL(page.url()).pathname.split("/").pop()!;
    await waitForReader(page);
    expect(await page.locator(".doc-text p").count()).toBe(TEXT.split("\n\n").length);
    expect(await page.locator(".doc-head h1").textContent()).toBe(
      "Report on recruitment and confinement",
    );
  });

  it("tags a passage selected with the mouse and highlights it in its code's colour", async () => {
    await dragSelect(page, "the passports", "the supervisor");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("forced");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending)").waitFor();

    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await page.locator(".ann-card .ann-quote").textContent()).toBe(PHRASE);
    expect(await page.locator(".ann-card .chip").textContent()).toContain("Forced labour");
    const rule = await page.evaluate(() =>
      [...document.querySelectorAll("style[data-gloss]")].map((s) => s.textContent).join("\n"),
    );
    expect(rule).toMatch(
      /::highlight\(gloss-t-forced-labour\) \{ background-color: rgb\(.+ \/ 0\.3\)/,
    );

    const [saved] = await annotations();
    expect(saved).toMatchObject({ exact: PHRASE, tags: ["forced-labour"] });
    expect(TEXT.slice(saved!.start, saved!.end)).toBe(PHRASE);
  });

  it("shows the highlight again after a reload", async () => {
    await page.reload();
    await waitForReader(page);
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await page.locator(".ann-card").count()).toBe(1);
  });

  it("stores the exact offsets of a selection across paragraphs", async () => {
    await dragSelect(page, "Workers were told", "locked the dormitory");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("arbitrary");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending) >> nth=1").waitFor();

    const start = TEXT.indexOf("Workers were told");
    const end = TEXT.indexOf("locked the dormitory") + "locked the dormitory".length;
    const saved = (await annotations()).find((a) => a.tags.includes("arbitrary-detention"))!;
    expect({ start: saved.start, end: saved.end }).toEqual({ start, end });
    expect(saved.exact).toBe(TEXT.slice(start, end));
    expect(saved.exact).toContain(".\n\nGuards");
    // The multi-paragraph passage overlaps nothing, so no multi-code marker yet.
    expect(await highlightTexts(page, "gloss-t-arbitrary-detention")).toHaveLength(1);
  });

  it("annotates with the keyboard only: sentence selection, t, filter and Enter", async () => {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press("s");
    await page.keyboard.press("s");
    await page.keyboard.press("t");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("decep");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending) >> nth=2").waitFor();

    const expected =
      "Recruiters visited the villages in March. They promised work in a factory abroad.";
    const saved = (await annotations()).find((a) => a.tags.includes("deceptive-recruitment"))!;
    expect(saved).toMatchObject({ start: 0, end: expected.length, exact: expected });
  });

  it("filters the sidebar and the highlights by code", async () => {
    await page.locator('.filters button[data-tag="forced-labour"]').click();
    expect(await page.locator(".ann-card").count()).toBe(1);
    expect(await page.evaluate(() => CSS.highlights.has("gloss-t-forced-labour"))).toBe(true);
    expect(await page.evaluate(() => CSS.highlights.has("gloss-t-deceptive-recruitment"))).toBe(
      false,
    );
    await page.locator(".filters button", { hasText: "All" }).click();
    expect(await page.locator(".ann-card").count()).toBe(3);
  });

  it("edits the note of an annotation", async () => {
    const card = page.locator(".ann-card", { hasText: PHRASE });
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByLabel("Note").fill("Document retention: an ILO indicator.");
    await card.getByRole("button", { name: "Save" }).click();
    await card.locator(".ann-note").waitFor();
    expect(await card.locator(".ann-note").textContent()).toBe(
      "Document retention: an ILO indicator.",
    );
    const saved = (await annotations()).find((a) => a.exact === PHRASE)!;
    expect(saved.note).toBe("Document retention: an ILO indicator.");
  });

  it("opens a deep link: scrolls to the passage, focuses its card and flashes it", async () => {
    const quote = "The survivor asked that her name be withheld.";
    const start = TEXT.indexOf(quote);
    const far = await runtime.api<Ann>(
      "POST",
      `/api/workspaces/${runtime.workspaceId}/documents/${docId}/annotations`,
      { start, end: start + quote.length, exact: quote, tags: ["state-response"] },
    );
    // Records the highlights the reader registers, so the short flash cannot be missed.
    await page.addInitScript(() => {
      const registered: string[] = [];
      Object.assign(window, { registered });
      const set = HighlightRegistry.prototype.set;
      HighlightRegistry.prototype.set = function (name, highlight) {
        registered.push(name);
        return set.call(this, name, highlight);
      };
    });
    await page.goto("about:blank");
    await page.goto(`${runtime.url}/d/${docId}#ann=${far.id}`);
    await waitForReader(page);
    await page.waitForFunction(() =>
      (window as unknown as { registered: string[] }).registered.includes("gloss-flash"),
    );
    await page.locator(`.ann-card.focused[data-ann="${far.id}"]`).waitFor();
    expect(await highlightTexts(page, "gloss-focus")).toEqual([quote]);
    const inView = await page.evaluate(() => {
      const [range] = CSS.highlights.get("gloss-focus")!;
      const live = document.createRange();
      live.setStart(range!.startContainer, range!.startOffset);
      live.setEnd(range!.endContainer, range!.endOffset);
      const rect = live.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    await page.keyboard.press("k");
    expect(await page.locator(".ann-card.focused .ann-quote").textContent()).toContain(
      "Workers were told",
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator(".ann-card", { hasText: PHRASE }).click();
    await screenshot(page, "reader");
  });

  it("shows the keyboard shortcuts on ?", async () => {
    await page.keyboard.press("?");
    await page.getByRole("heading", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("heading", { name: "Keyboard shortcuts" }).waitFor({ state: "detached" });
  });

  it("deletes an annotation after confirmation", async () => {
    const card = page.locator(".ann-card", { hasText: PHRASE });
    await card.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete annotation" }).click();
    await card.waitFor({ state: "detached" });
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([]);
    expect((await annotations()).map((a) => a.exact)).not.toContain(PHRASE);
  });

  it("lists the document with its annotations per code, and deletes it after confirmation", async () => {
    await page.goto(runtime.url);
    const row = page.locator(".document-row", { hasText: "Report on recruitment" });
    await row.waitFor();
    expect(await row.textContent()).toContain("3 annotations");
    expect(await row.locator(".chip").count()).toBe(3);
    await screenshot(page, "library");
    await page.getByPlaceholder("Search by title").fill("no such title");
    await page.getByText("No document has").waitFor();
    await page.getByPlaceholder("Search by title").fill("recruitment");
    await row.waitFor();
    await row.getByRole("button", { name: /Delete/ }).click();
    await page.getByRole("button", { name: "Delete document" }).click();
    await row.waitFor({ state: "detached" });
    const list = await runtime.api<{ items: unknown[] }>(
      "GET",
      `/api/workspaces/${runtime.workspaceId}/documents`,
    );
    expect(list.items).toEqual([]);
  });
});

describe("long passages", () => {
  // Multi-paragraph testimony: 60 paragraphs of ~400 characters.
  const testimony = Array.from(
    { length: 60 },
    (_, i) =>
      `Statement ${i + 1}. ${"The witness described the compound, the guards and the debts they were told to repay. ".repeat(4).trim()}`,
  ).join("\n\n");
  let longId: string;

  it("tags a 20,000-character passage and shows it again after a reload", async () => {
    longId = (
      await runtime.api<{ id: string }>(
        "POST",
        `/api/workspaces/${runtime.workspaceId}/documents`,
        { title: "Testimony", text: testimony },
      )
    ).id;
    await page.goto(`${runtime.url}/d/${longId}`);
    await waitForReader(page);
    const start = testimony.indexOf("Statement 2.");
    await selectOffsets(page, testimony, start, start + 20_000);
    await page.keyboard.press("t");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("forced");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending)").waitFor();
    const list = await runtime.api<{ items: Ann[] }>(
      "GET",
      `/api/workspaces/${runtime.workspaceId}/documents/${longId}/annotations`,
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ start, end: start + 20_000 });
    expect(list.items[0]!.exact).toBe(testimony.slice(start, start + 20_000));

    await page.reload();
    await waitForReader(page);
    // The DOM has no node for the "\n\n" between paragraphs: the range covers everything else.
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([
      testimony.slice(start, start + 20_000).replaceAll("\n\n", ""),
    ]);
  });

  it("says in words when a selection is longer than a passage can be", async () => {
    await selectOffsets(page, testimony, 0, 20_500);
    await page.keyboard.press("t");
    await page.getByText("This selection is 20,500 characters long").waitFor();
    expect(await page.locator(".popover").count()).toBe(0);
  });
});

describe("document details", () => {
  it("corrects title, source and date in the reader and the library; exports cite them", async () => {
    const doc = await runtime.api<{ id: string }>(
      "POST",
      `/api/workspaces/${runtime.workspaceId}/documents`,
      { title: "scan_0042.pdf", text: "The guards kept the keys. Nobody could leave." },
    );
    await runtime.api(
      "POST",
      `/api/workspaces/${runtime.workspaceId}/documents/${doc.id}/annotations`,
      {
        start: 0,
        end: 25,
        exact: "The guards kept the keys.",
        tags: ["arbitrary-detention"],
      },
    );
    await page.goto(`${runtime.url}/d/${doc.id}`);
    await waitForReader(page);
    await page.getByRole("button", { name: "Edit details" }).click();
    const dialog = page.getByRole("dialog", { name: "Document details" });
    await dialog.getByLabel("Title").fill("Compound inspection report");
    await dialog.getByLabel("Source URL").fill("https://example.org/inspection");
    await dialog.getByLabel("Published").fill("2023-05-04");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.locator(".doc-head h1").textContent()).toBe("Compound inspection report");

    await page.goto(runtime.url);
    const row = page.locator(".document-row", { hasText: "Compound inspection report" });
    await row.getByRole("button", { name: /Edit details of/ }).click();
    await dialog.getByLabel("Title").fill("Compound inspection report (2023)");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await page.locator(".document-row", { hasText: "Compound inspection report (2023)" }).waitFor();

    const csv = await (
      await fetch(`${runtime.url}/api/workspaces/${runtime.workspaceId}/exports/extracts.csv`)
    ).text();
    const line = csv.split("\n").find((l) => l.includes("The guards kept the keys."))!;
    expect(line).toContain("Compound inspection report (2023)");
    expect(line).toContain("https://example.org/inspection");
    expect(line).toContain("2023-05-04");
  });
});

describe("links across workspaces", () => {
  it("opens a passage link, new or old, after the reader switched to another workspace", async () => {
    const home = runtime.workspaceId;
    const doc = await runtime.api<{ id: string }>("POST", `/api/workspaces/${home}/documents`, {
      title: "Home report",
      text: "The inspectors found the passports in a locked drawer.",
    });
    const ann = await runtime.api<{ id: string }>(
      "POST",
      `/api/workspaces/${home}/documents/${doc.id}/annotations`,
      { start: 4, end: 14, exact: "inspectors", tags: ["state-response"] },
    );
    const other = await runtime.api<{ id: string }>("POST", "/api/workspaces", {
      name: "Another project",
    });
    await page.goto(runtime.url);
    await page.getByLabel("Workspace").selectOption(other.id);
    await page.getByText("No documents yet").waitFor();

    // The link the reader copies and every export writes: it names the workspace.
    const csv = await (
      await fetch(`${runtime.url}/api/workspaces/${home}/exports/extracts.csv`)
    ).text();
    const passageUrl = `${runtime.url}/w/${home}/d/${doc.id}#ann=${ann.id}`;
    expect(csv).toContain(passageUrl);
    await page.goto(passageUrl);
    await waitForReader(page);
    await page.locator(`.ann-card.focused[data-ann="${ann.id}"]`).waitFor();
    expect(await page.getByLabel("Workspace").inputValue()).toBe(home);

    // An old link without the workspace: found among the caller's workspaces, address rewritten.
    await page.getByLabel("Workspace").selectOption(other.id);
    await page.getByText("No documents yet").waitFor();
    await page.goto(`${runtime.url}/d/${doc.id}#ann=${ann.id}`);
    await waitForReader(page);
    await page.locator(`.ann-card.focused[data-ann="${ann.id}"]`).waitFor();
    expect(page.url()).toBe(passageUrl);
  });
});
