import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { qualcoderProject } from "../exports/refi-fixtures.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;

useBrowserSession({ viewport: { width: 1280, height: 860 }, timeout: 15_000 }, (session) => {
  ({ runtime, page } = session);
});

describe("the library's Import menu", () => {
  it("imports a QualCoder project and says what came in and what was skipped and why", async () => {
    await page.goto(runtime.url);
    await page.getByText("No documents yet").waitFor();
    await page.getByRole("button", { name: "Import" }).click();
    const panel = page.getByRole("region", { name: "Import", exact: true });
    await panel.locator('input[name="project.qdpx"]').setInputFiles({
      name: "interviews.qdpx",
      mimeType: "application/zip",
      buffer: Buffer.from(qualcoderProject()),
    });
    const summary = panel.getByRole("region", { name: "Import summary" });
    await summary.getByRole("heading", { name: "Imported from QualCoder 3.6" }).waitFor();
    expect(
      await summary.getByRole("list", { name: "Imported" }).locator("li").allTextContents(),
    ).toEqual([
      "1 documents",
      "2 new codes",
      "1 codes merged into existing ones",
      "3 coded passages",
      "2 notes",
      "0 links",
    ]);
    expect(
      await summary.getByRole("list", { name: "Skipped" }).locator("li").allTextContents(),
    ).toEqual([
      "Note “Journal: first week”: a memo not attached to any passage (a project journal or a memo on a code or source): Gloss keeps notes on passages",
    ]);
    await expect.poll(() => summary.getByText("colin").count()).toBe(1);
    // The library shows the imported source, and its passages open in the reader.
    await page
      .getByRole("list", { name: "Documents" })
      .getByRole("link", { name: "Amal interview" })
      .waitFor();
    const docs = await runtime.api<{ items: Array<{ id: string; title: string }> }>(
      "GET",
      `/api/workspaces/${runtime.workspaceId}/documents`,
    );
    expect(docs.items.map((d) => d.title)).toEqual(["Amal interview"]);

    // The same project again (zipped anew, so other bytes) adds nothing and says so.
    await panel.locator('input[name="project.qdpx"]').setInputFiles({
      name: "interviews.qdpx",
      mimeType: "application/zip",
      buffer: Buffer.from(qualcoderProject()),
    });
    await summary.getByText("Already imported: nothing was added twice").waitFor();
    // A file that is not a project is refused with the server's reason, and nothing is added.
    await panel.locator('input[name="project.qdpx"]').setInputFiles({
      name: "notes.qdpx",
      mimeType: "application/zip",
      buffer: Buffer.from("not a zip"),
    });
    await panel.getByText("a .qdpx file is a zip archive; this is not one").waitFor();
  });
});
