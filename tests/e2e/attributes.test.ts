import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

const TEXT = "Recruiters promised factory work abroad. On arrival the passports were confiscated.";

let runtime: Runtime;
let page: Page;
const ids: string[] = [];

useBrowserSession({ viewport: { width: 1360, height: 1200 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  const ws = `/api/workspaces/${runtime.workspaceId}`;
  await runtime.api("POST", `${ws}/attributes/starter`);
  for (const title of ["Report A", "Report B", "Report C"]) {
    const doc = await runtime.api<{ id: string }>("POST", `${ws}/documents`, { title, text: TEXT });
    ids.push(doc.id);
    const exact = "the passports were confiscated";
    const start = TEXT.indexOf(exact);
    await runtime.api("POST", `${ws}/documents/${doc.id}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags: ["forced-labour"],
    });
  }
}, 120_000);

describe("document attributes in the library and findings", () => {
  it("sets an attribute on several selected documents at once", async () => {
    await page.goto(`${runtime.url}/`);
    await page.getByLabel("Table with attributes").check();
    await page.getByLabel("Select Report A").check();
    await page.getByLabel("Select Report B").check();
    await page.getByLabel("Attribute to set").selectOption({ label: "Country" });
    await page.getByLabel("New Country").fill("Cambodia");
    await page.getByRole("button", { name: "Apply to selected" }).click();
    await page.getByText("Country set on 2 of 2 documents.").waitFor();
    expect(await page.getByLabel("Country of Report A").inputValue()).toBe("Cambodia");
    expect(await page.getByLabel("Country of Report C").inputValue()).toBe("");
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const values = await Promise.all(
      ids.map(
        async (id) =>
          (
            await runtime.api<{ attributes: Record<string, unknown> }>(
              "GET",
              `${ws}/documents/${id}`,
            )
          ).attributes.country,
      ),
    );
    expect(values).toEqual(["Cambodia", "Cambodia", undefined]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("edits one value inline", async () => {
    await page.getByLabel("Source type of Report C").selectOption("News article");
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    await expect
      .poll(
        async () =>
          (
            await runtime.api<{ attributes: Record<string, unknown> }>(
              "GET",
              `${ws}/documents/${ids[2]}`,
            )
          ).attributes["source-type"],
      )
      .toBe("News article");
  });

  it("shows the code × country matrix on the findings page and filters by country", async () => {
    await page.goto(`${runtime.url}/findings`);
    const table = page.getByRole("table", { name: "Passages per code and Country" });
    await table.waitFor();
    const header = await table.locator("thead th").allTextContents();
    expect(header).toEqual(["Code", "Cambodia", "(none)"]);
    const row = await table
      .getByRole("row", { name: /Forced labour/ })
      .locator("td")
      .allTextContents();
    expect(row).toEqual(["2", "1"]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Filter attribute").selectOption({ label: "Country" });
    await page.getByLabel("Filter value").fill("Cambodia");
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await page.waitForURL(/attr\.country=Cambodia/);
    await expect
      .poll(() => page.locator(".findings-summary strong").first().textContent())
      .toBe("2");
  });
});
