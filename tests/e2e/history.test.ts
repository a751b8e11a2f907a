import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
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
  note: string;
}

const TEXT = makeReport();
const PHRASE = "the passports were confiscated by the supervisor";

let runtime: Runtime;
let page: Page;

useBrowserSession({ viewport: { width: 1360, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

describe("history in the reader", () => {
  it("shows a passage's history and restores a deleted passage from it", async () => {
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const doc = await runtime.api<{ id: string }>("POST", `${ws}/documents`, {
      title: "History report",
      text: TEXT,
    });
    const text = await (await fetch(`${runtime.url}${ws}/documents/${doc.id}/text`)).text();
    const start = text.indexOf(PHRASE);
    const created = await runtime.api<Ann>("POST", `${ws}/documents/${doc.id}/annotations`, {
      start,
      end: start + PHRASE.length,
      exact: PHRASE,
      tags: ["forced-labour"],
      note: "first reading",
    });
    const changed = await runtime.api<Ann>("PATCH", `${ws}/annotations/${created.id}`, {
      tags: ["forced-labour", "trafficking"],
      note: "second reading",
      version: 1,
    });

    await page.goto(`${runtime.url}/w/${runtime.workspaceId}/d/${doc.id}`);
    await waitForReader(page);
    const card = page.locator(".ann-card", { hasText: PHRASE });
    await card.waitFor();
    await card.locator(".passage-history summary").click();
    const entries = card.locator(".history-entries li");
    await entries.nth(1).waitFor();
    expect(
      await entries.evaluateAll((els) => els.map((e) => e.getAttribute("data-history-action"))),
    ).toEqual(["create", "update"]);
    const change = (await entries.nth(1).textContent()) ?? "";
    expect(change).toContain("forced-labour → forced-labour, trafficking");
    expect(change).toContain("first reading → second reading");

    await card.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete annotation" }).click();
    await card.waitFor({ state: "detached" });
    const deleted = page.locator(".deleted-passages");
    await deleted.locator("summary").click();
    const row = deleted.locator(`[data-deleted="${created.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(PHRASE);
    await row.getByRole("button", { name: "Restore" }).click();
    await page.locator(".ann-card", { hasText: PHRASE }).waitFor();
    await page.locator(".deleted-passages").waitFor({ state: "detached" });

    const back = await runtime.api<Ann & { version: number }>(
      "GET",
      `${ws}/annotations/${created.id}`,
    );
    expect(back).toEqual({ ...changed, version: 4 });
    // After a reload it is still there: the restore was stored, not just drawn.
    await page.reload();
    await waitForReader(page);
    await page.locator(".ann-card", { hasText: PHRASE }).waitFor();
  });
});
