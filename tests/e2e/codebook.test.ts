import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;

useBrowserSession({ viewport: { width: 1280, height: 900 } }, (session) => {
  ({ runtime, page } = session);
});

describe("codebook", () => {
  it("adds, renames and recolours a code, and shows how often codes are used", async () => {
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const text = "Officials took a fee to release the workers.";
    const doc = await runtime.api<{ id: string }>("POST", `${ws}/documents`, { title: "T", text });
    await runtime.api("POST", `${ws}/documents/${doc.id}/annotations`, {
      start: 0,
      end: 9,
      exact: "Officials",
      tags: ["corruption"],
    });

    await page.goto(`${runtime.url}/codebook`);
    const corruption = page.locator('.tag-row[data-tag="corruption"]');
    await corruption.waitFor();
    expect(await corruption.locator(".uses").textContent()).toBe("1 use");

    await page.getByLabel("New code", { exact: true }).fill("Debt bondage");
    await page.getByRole("button", { name: "Add code" }).click();
    const added = page.locator('.tag-row[data-tag="debt-bondage"]');
    await added.waitFor();

    await added.getByLabel("Name of Debt bondage").fill("Debt bondage (ILO)");
    await added.locator('input[type="color"]').fill("#336699");
    await added.getByRole("button", { name: "Save" }).click();
    await added.getByRole("button", { name: "Save" }).waitFor({ state: "detached" });
    const tags = await runtime.api<{ items: Array<{ id: string; label: string; color: string }> }>(
      "GET",
      `${ws}/tags`,
    );
    expect(tags.items.find((t) => t.id === "debt-bondage")).toMatchObject({
      label: "Debt bondage (ILO)",
      color: "#336699",
    });
    await screenshot(page, "codebook");
  });

  it("asks before deleting a code in use, and removes it from annotations when told to", async () => {
    const corruption = page.locator('.tag-row[data-tag="corruption"]');
    await corruption.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: /is in use/ }).waitFor();
    await page.getByRole("button", { name: "Keep the code" }).click();
    expect(await corruption.count()).toBe(1);

    await corruption.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Remove it from annotations and delete" }).click();
    await corruption.waitFor({ state: "detached" });
  });

  it("deletes an unused code at once", async () => {
    const added = page.locator('.tag-row[data-tag="debt-bondage"]');
    await added.getByRole("button", { name: "Delete" }).click();
    await added.waitFor({ state: "detached" });
  });
});
