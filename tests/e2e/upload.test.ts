import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import { dragSelect, failOnDialogs, highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

interface Ann {
  id: string;
  start: number;
  end: number;
  exact: string;
  status: "anchored" | "orphaned";
}

const RECRUITED =
  "Recruiters visited the villages in March and promised factory work abroad at a fair wage.";
const CONTRACTS =
  "The contracts were written in a language that none of the workers could read or check.";
const ARRIVAL =
  "On arrival the passports were confiscated by the supervisor and locked in the office safe.";
const GUARDS =
  "Guards locked the dormitory at night, and nobody could leave the compound without permission.";
const INSPECTION =
  "An inspection in May found the same conditions in three other factories of the district, where wages were withheld for months.";
const PHRASE = "the passports were confiscated by the supervisor";

/**
 * A PDF as pdf-lib draws it, one page per entry: paragraphs wrapped at 60 characters, lines 15
 * points apart and paragraphs 36, so the extractor finds the paragraphs from the spacing.
 */
async function makePdf(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Harbour district report");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const paragraphs of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 760;
    for (const paragraph of paragraphs) {
      let rest = paragraph;
      while (rest.length > 60) {
        const cut = rest.lastIndexOf(" ", 60);
        page.drawText(rest.slice(0, cut), { x: 50, y, size: 11, font });
        rest = rest.slice(cut + 1);
        y -= 15;
      }
      page.drawText(rest, { x: 50, y, size: 11, font });
      y -= 36;
    }
  }
  return Buffer.from(await pdf.save());
}

let runtime: Runtime;
let browser: Browser;
let page: Page;
let docId: string;

const docPath = () => `/api/workspaces/${runtime.workspaceId}/documents/${docId}`;

async function annotations(): Promise<Ann[]> {
  return (await runtime.api<{ items: Ann[] }>("GET", `${docPath()}/annotations?limit=500`)).items;
}

/** Records the phases every upload shown on the page goes through, in order. */
function recordPhases(): Promise<void> {
  return page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { phases: string[] }).phases = seen;
    const note = () => {
      for (const el of document.querySelectorAll("[data-phase]")) {
        const phase = el.getAttribute("data-phase")!;
        if (seen[seen.length - 1] !== phase) seen.push(phase);
      }
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-phase"],
    });
  });
}

async function openUploadForm(): Promise<void> {
  await page.getByRole("button", { name: "Add a document" }).click();
  await page.getByRole("tab", { name: "Upload a file" }).click();
}

useBrowserSession({ viewport: { width: 1360, height: 860 }, timeout: 30_000 }, (session) => {
  ({ runtime, browser, page } = session);
});

describe("uploading files and new versions", () => {
  it("uploads a PDF straight to storage, shows its progress and opens it once read", async () => {
    await page.goto(runtime.url);
    await page.getByText("No documents yet").waitFor();
    await openUploadForm();
    await recordPhases();
    await page.locator('input[name="file"]').setInputFiles({
      name: "harbour-report.pdf",
      mimeType: "application/pdf",
      buffer: await makePdf([
        [RECRUITED, CONTRACTS],
        [ARRIVAL, GUARDS],
      ]),
    });
    await page.getByRole("button", { name: "Upload", exact: true }).click();

    const uploads = page.getByRole("list", { name: "Uploads" });
    const open = uploads.getByRole("link", { name: "Open “Harbour district report”" });
    await open.waitFor();
    const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
    expect(phases.filter((p) => p !== "uploading")).toEqual(["extracting", "ready"]);
    expect(phases[0]).toBe("uploading");
    // The library lists it, ready, with the title from the PDF's metadata.
    await page
      .getByRole("list", { name: "Documents" })
      .getByRole("link", { name: "Harbour district report" })
      .waitFor();

    await open.click();
    await page.waitForURL(/\/d\/doc_/);
    docId = new URL(page.url()).pathname.split("/").pop()!;
    await waitForReader(page);
    expect(await page.locator(".doc-text p").allTextContents()).toEqual([
      RECRUITED,
      CONTRACTS,
      ARRIVAL,
      GUARDS,
    ]);
    // Page markers are generated content in the margin, not text of the paragraphs.
    const markers = await page.evaluate(() =>
      [...document.querySelectorAll(".doc-text p[data-page]")].map((p) => ({
        page: p.getAttribute("data-page"),
        starts: p.textContent!.slice(0, 10),
        shown: getComputedStyle(p, "::before").content,
        left: p.getBoundingClientRect().left,
      })),
    );
    expect(markers.map(({ page, starts }) => ({ page, starts }))).toEqual([
      { page: "1", starts: RECRUITED.slice(0, 10) },
      { page: "2", starts: ARRIVAL.slice(0, 10) },
    ]);
    expect(markers[1]!.shown).not.toBe("none");
    await screenshot(page, "upload-reader-pages");
  });

  it("annotates a passage on page 2 with exact offsets and shows p. 2 on its card", async () => {
    await dragSelect(page, "the passports", "the supervisor");
    await page.locator(".popover").waitFor();
    await page.keyboard.type("forced");
    await page.keyboard.press("Enter");
    await page.locator(".ann-card:not(.pending)").waitFor();

    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    expect(await page.locator(".ann-card .ann-page").textContent()).toBe("p. 2");
    const [saved] = await annotations();
    const text = await (await fetch(`${runtime.url}${docPath()}/text`)).text();
    expect(text.slice(saved!.start, saved!.end)).toBe(PHRASE);
  });

  it("uploads a new version: counts, the moved passage still highlighted, the deleted one orphaned", async () => {
    // A second annotation, on the paragraph the new version drops.
    const text = await (await fetch(`${runtime.url}${docPath()}/text`)).text();
    const start = text.indexOf(CONTRACTS);
    await runtime.api("POST", `${docPath()}/annotations`, {
      start,
      end: start + CONTRACTS.length,
      exact: CONTRACTS,
      tags: ["deceptive-recruitment"],
      note: "Contract in a foreign language",
    });
    await page.reload();
    await waitForReader(page);
    expect(await page.locator(".ann-card .ann-page").allTextContents()).toEqual(["p. 1", "p. 2"]);

    await page.getByRole("button", { name: "Upload new version…" }).click();
    const dialog = page.getByRole("dialog", { name: "Upload a new version" });
    await dialog.locator('input[name="file"]').setInputFiles({
      name: "harbour-report-v2.pdf",
      mimeType: "application/pdf",
      buffer: await makePdf([
        [RECRUITED, INSPECTION],
        [ARRIVAL, GUARDS],
      ]),
    });
    await dialog.getByRole("button", { name: "Upload version" }).click();

    const result = page.locator(".version-result");
    await result.waitFor();
    expect(await result.textContent()).toContain("moved 1 · unchanged 0 · orphaned 1");
    expect(await page.locator(".doc-text p").allTextContents()).toEqual([
      RECRUITED,
      INSPECTION,
      ARRIVAL,
      GUARDS,
    ]);
    await expect.poll(() => highlightTexts(page, "gloss-t-forced-labour")).toEqual([PHRASE]);
    // The orphan is never highlighted, and is listed apart with its quote and note.
    expect(await highlightTexts(page, "gloss-t-deceptive-recruitment")).toBeNull();
    const orphans = page.locator(".orphans");
    expect(await orphans.locator("summary").textContent()).toBe("Orphaned (1)");
    await orphans.locator("summary").click();
    expect(await orphans.locator(".ann-quote").textContent()).toBe(CONTRACTS);
    expect(await orphans.locator(".ann-note").textContent()).toBe("Contract in a foreign language");
    expect(await page.locator(".cards > .ann-card .ann-page").allTextContents()).toEqual(["p. 2"]);

    const after = await annotations();
    const moved = after.find((a) => a.exact === PHRASE)!;
    const current = await (await fetch(`${runtime.url}${docPath()}/text`)).text();
    expect(current.slice(moved.start, moved.end)).toBe(PHRASE);
    expect(after.find((a) => a.exact === CONTRACTS)?.status).toBe("orphaned");
    await screenshot(page, "upload-reader-new-version");

    // Deleting the orphan removes it.
    await orphans.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete annotation" }).click();
    await orphans.waitFor({ state: "detached" });
    expect((await annotations()).map((a) => a.exact)).toEqual([PHRASE]);
  });

  it("refuses an unsupported file before sending it, and shows why a corrupt PDF failed", async () => {
    const uploadsStarted: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/documents/uploads")) uploadsStarted.push(r.url());
    });
    await page.goto(runtime.url);
    await openUploadForm();
    await page.locator('input[name="file"]').setInputFiles({
      name: "codes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("a,b\n1,2\n"),
    });
    await page.getByText("“codes.csv” is not a file type Gloss can read").waitFor();
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    expect(uploadsStarted).toEqual([]);

    await page.locator('input[name="file"]').setInputFiles({
      name: "broken.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    const failure = page.getByRole("list", { name: "Uploads" }).locator(".upload-failure");
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(
      /^Could not read the file: the PDF could not be read; it may be damaged/,
    );

    // A file announced but not sent yet stays pending; after a reload both show their status.
    await runtime.api("POST", `/api/workspaces/${runtime.workspaceId}/documents/uploads`, {
      fileName: "interview-notes.docx",
      size: 20_000,
    });
    await page.reload();
    const rows = page.getByRole("list", { name: "Documents" }).getByRole("listitem");
    const broken = rows.filter({ hasText: "broken" });
    expect(await broken.locator(".doc-status").textContent()).toBe("Failed");
    expect(await broken.locator(".upload-failure").textContent()).toContain("may be damaged");
    const pending = rows.filter({ hasText: "interview-notes" });
    await pending.getByText("Extracting text…").waitFor();
    expect(await pending.getByRole("link").count()).toBe(0);
    await screenshot(page, "upload-library-pending-failed");
  });
});

describe("a viewer", () => {
  it("gets a read-only reader and library: no share, upload, tagging, editing or deleting", async () => {
    const viewer = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    viewer.setDefaultTimeout(30_000);
    const viewerDialogs = failOnDialogs(viewer);
    // The local owner seen as a viewer of the workspace: the server still allows everything, so
    // this checks what the reader offers, not what the API refuses.
    await viewer.route("**/api/me", async (route) => {
      const response = await route.fetch();
      const me = (await response.json()) as { workspaces: Array<{ role: string }> };
      for (const w of me.workspaces) w.role = "viewer";
      await route.fulfill({ response, json: me });
    });
    await viewer.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(viewer);
    await viewer.getByText("Read only").waitFor();
    for (const name of ["Share", "Upload new version…"]) {
      expect(await viewer.getByRole("button", { name, exact: true }).count()).toBe(0);
    }
    const card = viewer.locator(".cards > .ann-card");
    expect(await card.locator(".ann-page").textContent()).toBe("p. 2");
    for (const name of ["Edit", "Delete", "Link to passage…"]) {
      expect(await card.getByRole("button", { name, exact: true }).count()).toBe(0);
    }
    await dragSelect(viewer, "Guards locked", "the dormitory");
    // t answers a viewer in words: once it has, the selection has been handled.
    await viewer.keyboard.press("t");
    await viewer.getByText("You can read this workspace's documents, not annotate them.").waitFor();
    expect(await viewer.locator(".popover").count()).toBe(0);

    await viewer.goto(runtime.url);
    await viewer.getByRole("list", { name: "Documents" }).waitFor();
    expect(await viewer.getByRole("button", { name: "Add a document" }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: /^Delete / }).count()).toBe(0);
    await viewer.close();
    expect(viewerDialogs).toEqual([]);
  });
});
