import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import { dragSelect, failOnDialogs, highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { makeReport } from "./support/text.ts";

interface Ann {
  id: string;
}

const TEXT = makeReport();
const PHRASE = "the passports were confiscated by the supervisor";
const DORM = "Guards locked the dormitory at night.";
const FAR = "The survivor asked that her name be withheld.";
// User text that would run script if it were ever rendered as HTML.
const TITLE = `Scam compounds <img src=x onerror="alert('title')">`;
const NOTE = `Passports held <script>alert('note')</script><img src=x onerror="alert('note')">`;
const LINK_NOTE = "The same supervisor kept the keys.";

let runtime: Runtime;
let browser: Browser;
let owner: Page;
let outsider: BrowserContext;
let shared: Page;
let dialogs: string[];
let sharedDialogs: string[];
const apiCalls: string[] = [];
let docId: string;
let phrase: Ann;
let dorm: Ann;
let far: Ann;
let shareUrl: string;

function annotate(exact: string, tags: string[], note?: string): Promise<Ann> {
  const start = TEXT.indexOf(exact);
  return runtime.api<Ann>(
    "POST",
    `/api/workspaces/${runtime.workspaceId}/documents/${docId}/annotations`,
    { start, end: start + exact.length, exact, tags, ...(note ? { note } : {}) },
  );
}

/** Waits until the shared page has painted its highlights (or said the link is invalid). */
async function openShared(url: string): Promise<void> {
  await shared.goto("about:blank");
  await shared.goto(url);
  await shared.waitForFunction(
    () =>
      performance.getEntriesByName("gloss:highlights-painted").length > 0 ||
      document.querySelector(".link-invalid"),
  );
}

useBrowserSession({ viewport: { width: 1360, height: 860 } }, (session) => {
  ({ runtime, browser, page: owner, dialogs } = session);
});

beforeAll(async () => {
  const doc = await runtime.api<{ id: string }>(
    "POST",
    `/api/workspaces/${runtime.workspaceId}/documents`,
    { title: TITLE, text: TEXT },
  );
  docId = doc.id;
  phrase = await annotate(PHRASE, ["forced-labour"], NOTE);
  dorm = await annotate(DORM, ["arbitrary-detention"], "Locked in at night.");
  far = await annotate(FAR, ["state-response"]);
  await runtime.api("POST", `/api/workspaces/${runtime.workspaceId}/links`, {
    fromId: phrase.id,
    toId: dorm.id,
    relation: "corroborates",
    note: LINK_NOTE,
  });

  // The outsider: a separate context, so no cookie or storage of the owner's session.
  outsider = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  shared = await outsider.newPage();
  shared.setDefaultTimeout(10_000);
  sharedDialogs = failOnDialogs(shared);
  shared.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/api/")) apiCalls.push(path);
  });
});

describe("sharing a document by link", () => {
  it("creates a link in the reader's Share dialog and shows its URL once", async () => {
    await owner.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(owner);
    await owner.getByRole("button", { name: "Share", exact: true }).click();
    const dialog = owner.locator("dialog.share-dialog");
    await dialog.getByText("No links yet.").waitFor();
    await dialog.getByLabel("Label").fill("for the Geneva briefing");
    await screenshot(owner, "share-dialog-form");
    await dialog.getByRole("button", { name: "Create link" }).click();
    const field = dialog.locator(".shown-once input");
    await field.waitFor();
    shareUrl = await field.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${runtime.url}/s/[A-Za-z0-9_-]{43,}$`));
    expect(await dialog.locator(".shown-once").textContent()).toContain("cannot be shown again");
    const row = dialog.locator("table.share-links tbody tr");
    await row.waitFor();
    expect(await row.textContent()).toContain("for the Geneva briefing");
    expect(await row.textContent()).toContain("Local owner");
    await screenshot(owner, "share-dialog");
  });

  it("opens the link without a session: text, highlights, banner and notes as text", async () => {
    await openShared(shareUrl);
    expect(await shared.locator(".doc-head h1").textContent()).toBe(TITLE);
    expect(await highlightTexts(shared, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await highlightTexts(shared, "gloss-t-arbitrary-detention")).toEqual([DORM]);
    const banner = await shared.locator(".shared-banner").textContent();
    expect(banner).toContain("Shared by Local owner");
    expect(banner).toContain("for the Geneva briefing");
    expect(banner).toContain("no expiry");
    expect(await shared.locator(".ann-card").count()).toBe(3);
    const note = shared.locator(".ann-card .ann-note", { hasText: "Passports held" });
    expect(await note.textContent()).toBe(NOTE);
    expect(await shared.locator(".ann-card img, .ann-card script").count()).toBe(0);
    const meta = await shared.evaluate(() => ({
      robots: document.querySelector('meta[name="robots"]')?.getAttribute("content"),
      referrer: document.querySelector('meta[name="referrer"]')?.getAttribute("content"),
    }));
    expect(meta).toEqual({ robots: "noindex, nofollow", referrer: "no-referrer" });
    await screenshot(shared, "shared-page");
  });

  it("shows the links between shared passages in their cards and follows one on the page", async () => {
    const link = shared.locator(`.ann-card[data-ann="${phrase.id}"] .passage-link`);
    expect(await link.count()).toBe(1);
    expect(await link.locator(".relation").textContent()).toBe("Corroborates");
    expect(await link.locator(".passage-link-quote").textContent()).toBe(`“${DORM}”`);
    expect(await link.locator(".passage-link-note").textContent()).toBe(LINK_NOTE);
    const back = shared.locator(`.ann-card[data-ann="${dorm.id}"] .passage-link`);
    expect(await back.locator(".relation").textContent()).toBe("Corroborated by");
    expect(await back.locator(".passage-link-quote").textContent()).toBe(`“${PHRASE}”`);
    expect(await shared.locator(`.ann-card[data-ann="${far.id}"] .passage-link`).count()).toBe(0);

    await link.locator("a").click();
    await shared.locator(`.ann-card.focused[data-ann="${dorm.id}"]`).waitFor();
    expect(new URL(shared.url()).pathname).toBe(new URL(shareUrl).pathname);
    expect(new URL(shared.url()).hash).toBe(`#ann=${dorm.id}`);
    expect(await highlightTexts(shared, "gloss-focus")).toEqual([DORM]);
    await screenshot(shared, "shared-links");
  });

  it("has no editing UI: selecting text opens nothing, cards have no edit or delete", async () => {
    await dragSelect(shared, "Recruiters visited", "factory abroad");
    await shared.keyboard.press("t");
    // The passage is selected (the drag was handled) and the page has painted since the key.
    await shared.waitForFunction(() => window.getSelection()?.toString().includes("abroad"));
    await shared.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await shared.locator(".popover").count()).toBe(0);
    expect(await shared.getByRole("button", { name: /^(Edit|Delete)$/ }).count()).toBe(0);
    expect(await shared.locator("textarea, [contenteditable]").count()).toBe(0);
    expect(await shared.getByRole("button", { name: "Copy link to passage" }).count()).toBe(3);
  });

  it("filters the passages and highlights by code", async () => {
    await shared.locator('.filters button[data-tag="arbitrary-detention"]').click();
    expect(await shared.locator(".ann-card").count()).toBe(1);
    expect(await shared.evaluate(() => CSS.highlights.has("gloss-t-forced-labour"))).toBe(false);
    await shared.locator(".filters button", { hasText: "All" }).click();
    expect(await shared.locator(".ann-card").count()).toBe(3);
  });

  it("focuses a passage from a deep link #ann=", async () => {
    await openShared(`${shareUrl}#ann=${far.id}`);
    await shared.locator(`.ann-card.focused[data-ann="${far.id}"]`).waitFor();
    expect(await highlightTexts(shared, "gloss-focus")).toEqual([FAR]);
    const inView = await shared.evaluate(() => {
      const [range] = CSS.highlights.get("gloss-focus")!;
      const live = document.createRange();
      live.setStart(range!.startContainer, range!.startOffset);
      live.setEnd(range!.endContainer, range!.endOffset);
      const rect = live.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
  });

  it("prints the text with a list of the passages, without the app's chrome", async () => {
    await shared.emulateMedia({ media: "print" });
    expect(await shared.locator(".print-passages").isVisible()).toBe(true);
    expect(await shared.locator(".sidebar").isVisible()).toBe(false);
    expect(await shared.locator(".shared-bar").isVisible()).toBe(false);
    expect(await shared.locator(".print-passages li").count()).toBe(3);
    await shared.emulateMedia({ media: "screen" });
  });

  it("leaves notes out and limits the codes when the link says so", async () => {
    const created = await runtime.api<{ url: string }>(
      "POST",
      `/api/workspaces/${runtime.workspaceId}/documents/${docId}/shares`,
      { includeNotes: false, tags: ["forced-labour", "arbitrary-detention"] },
    );
    await openShared(runtime.url + created.url);
    expect(await shared.locator(".ann-card").count()).toBe(2);
    expect(await shared.locator(".ann-note").count()).toBe(0);
    // The link stays (both passages are shared), without its note.
    expect(await shared.locator(".passage-link").count()).toBe(2);
    expect(await shared.locator(".passage-link-note").count()).toBe(0);
    expect(await shared.locator("body").textContent()).not.toContain("Locked in at night");
    expect(await shared.locator(".shared-banner").textContent()).toContain("notes not included");
    expect(await shared.evaluate(() => CSS.highlights.has("gloss-t-state-response"))).toBe(false);
  });

  it("says the link is no longer valid once it is revoked in the dialog", async () => {
    const dialog = owner.locator("dialog.share-dialog");
    const row = dialog.locator("tr", { hasText: "for the Geneva briefing" });
    expect(await row.locator("td").nth(3).textContent()).toBe("0");
    await owner.getByRole("button", { name: "Close" }).click();
    await owner.getByRole("button", { name: "Share", exact: true }).click();
    // Views counted meanwhile by the outsider's visits.
    await row.waitFor();
    expect(Number(await row.locator("td").nth(3).textContent())).toBeGreaterThan(0);
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.waitFor({ state: "detached" });
    await openShared(shareUrl);
    await shared.getByRole("heading", { name: "This link is no longer valid" }).waitFor();
    expect(await shared.locator(".link-invalid").textContent()).toMatch(/revoked|expired/);
    await screenshot(shared, "shared-revoked");
  });

  it("hides who annotated and shared, and when, from a link made for people at risk", async () => {
    const dialog = owner.locator("dialog.share-dialog");
    await dialog.getByLabel("Label").fill("for the rapporteur");
    await dialog.getByLabel(/Hide who annotated/).check();
    await dialog.getByRole("button", { name: "Create link" }).click();
    const field = dialog.locator(".shown-once input");
    await expect.poll(async () => (await field.count()) && field.inputValue()).toMatch(/\/s\//);
    await expect.poll(() => field.inputValue()).not.toBe(shareUrl);
    const anonymousUrl = await field.inputValue();
    await dialog.locator("tr", { hasText: "without names or times" }).waitFor();
    await openShared(anonymousUrl);
    expect(await shared.locator(".ann-card").count()).toBe(3);
    expect(await shared.locator(".ann-card .ann-meta").count()).toBe(0);
    const body = (await shared.locator("body").textContent()) ?? "";
    expect(body).not.toContain("Local owner");
    expect(await shared.locator(".shared-banner").textContent()).toContain(
      "Shared without names or times",
    );
  });

  it("never opened a dialog and called no API but /api/shared/ from the shared page", () => {
    expect(dialogs).toEqual([]);
    expect(sharedDialogs).toEqual([]);
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((p) => !p.startsWith("/api/shared/"))).toEqual([]);
  });
});
