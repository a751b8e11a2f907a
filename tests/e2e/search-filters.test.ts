import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;
const base = () => `/api/workspaces/${runtime.workspaceId}`;

useBrowserSession({ viewport: { width: 1280, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  for (const [title, publishedAt] of [
    ["Report 2022", "2022-05-01"],
    ["Report 2024", "2024-11-30"],
  ] as const) {
    await runtime.api("POST", `${base()}/documents`, {
      title,
      text: `${title}: the broker kept every passport on arrival.`,
      publishedAt,
    });
  }
});

describe("the Search page's document filters", () => {
  it("narrows the hits to documents published from a date, kept in the address", async () => {
    await page.goto(`${runtime.url}/search?q=passport`);
    await page.locator(".search-total").waitFor();
    expect(await page.locator(".search-total").textContent()).toBe("2 hits");
    await page.getByLabel("From").fill("2023");
    await page.getByLabel("Query").press("Enter");
    await page.waitForFunction(
      () => document.querySelector(".search-total")?.textContent === "1 hit",
    );
    expect(new URL(page.url()).searchParams.get("publishedFrom")).toBe("2023");
    expect(await page.locator(".search-hit").allTextContents()).toEqual([
      expect.stringContaining("Report 2024"),
    ]);
  });
});
