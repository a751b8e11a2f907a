import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

// "Code all hits" of a search larger than the runtime codes in one request (lowered here to 2
// passages) runs as a background job: the local runtime's embedded S3 hands the job object to
// the ingest handler, as the bucket notification does deployed, and the Search page shows its
// progress until it is done.

const TEXT = Array.from(
  { length: 6 },
  (_, i) => `Witness ${i + 1} said the broker kept the passport on arrival.`,
).join("\n\n");

let runtime: Runtime;
let page: Page;

useBrowserSession(
  {
    viewport: { width: 1280, height: 860 },
    start: () => startRuntime({ env: { GLOSS_CODE_INLINE_PASSAGES: "2" } }),
  },
  (session) => {
    ({ runtime, page } = session);
  },
);

describe("coding all hits in the background from the Search page", () => {
  it("shows the job's progress and codes every hit once", async () => {
    const base = `/api/workspaces/${runtime.workspaceId}`;
    const doc = await runtime.api<{ id: string }>("POST", `${base}/documents`, {
      title: "Statements",
      text: TEXT,
    });
    await page.goto(`${runtime.url}/search?q=passport`);
    await page.locator(".search-total").waitFor();
    // Whether the background progress bar (a determinate <progress>) was ever shown.
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector(".code-hits-status progress[max]")) w.sawProgress = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole("button", { name: "Code all 6 hits…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Code 6 hits" }).click();
    await page.locator(".code-hits-done").waitFor({ timeout: 60_000 });
    expect(await page.locator(".code-hits-done").textContent()).toBe("Coded 6 passages.");
    expect(
      await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress),
    ).toBe(true);
    const passages = await runtime.api<{ items: Array<{ exact: string; tags: string[] }> }>(
      "GET",
      `${base}/documents/${doc.id}/annotations?limit=500`,
    );
    expect(passages.items.map((p) => p.exact)).toEqual(Array(6).fill("passport"));
    expect(passages.items.every((p) => p.tags.length === 1)).toBe(true);
  });
});
