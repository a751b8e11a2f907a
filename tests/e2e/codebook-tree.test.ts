import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { waitUntil } from "../support/wait.ts";
import { seriousViolations } from "./support/axe.ts";
import { screenshot } from "./support/browser.ts";
import { dragSelect, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;

// Tall enough that the whole default tree is on screen: a drag needs both ends in the viewport.
useBrowserSession({ viewport: { width: 1280, height: 2600 } }, (session) => {
  ({ runtime, page } = session);
});

interface ApiTag {
  id: string;
  label: string;
  parentId: string | null;
  position: number;
}

async function tags(): Promise<Map<string, ApiTag>> {
  const reply = await runtime.api<{ items: ApiTag[] }>(
    "GET",
    `/api/workspaces/${runtime.workspaceId}/tags`,
  );
  return new Map(reply.items.map((t) => [t.id, t]));
}

async function addCode(label: string) {
  await page.getByLabel("New code", { exact: true }).fill(label);
  await page.getByRole("button", { name: "Add code" }).click();
  await page.locator(`[data-node="${label.toLowerCase().replace(/ /g, "-")}"]`).waitFor();
}

/** Drags a code by its handle onto the middle (inside), top or bottom edge of another. */
async function drag(from: string, onto: string, zone: "inside" | "before" | "after") {
  const handle = page.locator(`[data-node="${from}"] > .tree-row .drag-handle`);
  const target = page.locator(`[data-node="${onto}"] > .tree-row`);
  const a = (await handle.boundingBox())!;
  const b = (await target.boundingBox())!;
  const y =
    zone === "inside" ? b.y + b.height / 2 : zone === "before" ? b.y + 3 : b.y + b.height - 3;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, y, { steps: 6 });
  await page.mouse.up();
}

async function waitFor(check: (t: Map<string, ApiTag>) => boolean) {
  await waitUntil(
    async () => [...(await tags()).values()],
    (codes) => check(new Map(codes.map((c) => [c.id, c]))),
    {
      what: "the codebook in the expected state",
      withinMs: 30_000,
      everyMs: 100,
    },
  );
}

describe("codebook tree", () => {
  it("builds a three-level tree by drag and drop", async () => {
    await page.goto(`${runtime.url}/codebook`);
    await page.getByRole("tree", { name: "Codes" }).waitFor();
    await addCode("Deprivation");
    await addCode("Incommunicado");
    // Level 2: arbitrary detention into the new top-level code; level 3: incommunicado under it.
    await drag("arbitrary-detention", "deprivation", "inside");
    await waitFor((t) => t.get("arbitrary-detention")?.parentId === "deprivation");
    await page.locator('[data-node="deprivation"] [data-node="arbitrary-detention"]').waitFor();
    await drag("incommunicado", "arbitrary-detention", "inside");
    await waitFor((t) => t.get("incommunicado")?.parentId === "arbitrary-detention");
    await expect
      .poll(() => page.locator('[data-node="incommunicado"]').getAttribute("aria-level"), {
        timeout: 15_000,
      })
      .toBe("3");
    // Before a sibling: torture goes first under physical integrity... dropped on its top edge.
    await drag("sexual-violence", "torture", "before");
    await waitFor((t) => t.get("sexual-violence")?.position === 0);
    await screenshot(page, "codebook-tree");
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it("builds and reorders the tree with the keyboard alone (Alt+arrows)", async () => {
    await addCode("Solitary");
    const focusedNode = () =>
      page.evaluate(() => document.activeElement?.getAttribute("data-node"));
    // Where the reader shows Solitary: its parent's id and its place among its siblings.
    const shown = () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-node="solitary"]');
        if (!el?.parentElement) return "";
        const parent = el.parentElement.closest("[data-node]")?.getAttribute("data-node") ?? null;
        return `${parent}:${[...el.parentElement.children].indexOf(el)}`;
      });
    // Each key is pressed once the reader shows the previous move, then checked in the API.
    const press = async (key: string, parentId: string, position: number) => {
      await expect.poll(focusedNode, { timeout: 15_000 }).toBe("solitary");
      await page.keyboard.press(key);
      await waitFor(
        (t) => t.get("solitary")?.parentId === parentId && t.get("solitary")?.position === position,
      );
      await expect.poll(shown, { timeout: 15_000 }).toBe(`${parentId}:${position}`);
    };
    await page.locator('[data-node="solitary"]').focus();
    // Solitary is last at the top level, right after Deprivation: Alt+→ nests it there (last).
    await press("Alt+ArrowRight", "deprivation", 1);
    await press("Alt+ArrowUp", "deprivation", 0);
    await press("Alt+ArrowDown", "deprivation", 1);
    // Under Arbitrary detention, the code above it: the third level.
    await press("Alt+ArrowRight", "arbitrary-detention", 1);
    expect(await page.locator('[data-node="solitary"]').getAttribute("aria-level")).toBe("3");
    // Out again, just after its old parent.
    await press("Alt+ArrowLeft", "deprivation", 1);
    expect(await page.getByTestId("codebook-status").textContent()).toMatch(/Solitary moved/);
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it("merges two codes, re-coding their passages", async () => {
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const text = "They were held alone for weeks without a lawyer.";
    const doc = await runtime.api<{ id: string }>("POST", `${ws}/documents`, { title: "M", text });
    await runtime.api("POST", `${ws}/documents/${doc.id}/annotations`, {
      start: 0,
      end: 4,
      exact: "They",
      tags: ["solitary"],
    });
    await page.reload();
    const row = page.locator('.tag-row[data-tag="solitary"]');
    await row.waitFor();
    await row.getByRole("button", { name: "Merge…" }).click();
    await page.getByLabel("Merge into").selectOption("incommunicado");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await row.waitFor({ state: "detached" });
    const passages = await runtime.api<{ items: Array<{ tags: string[] }> }>(
      "GET",
      `${ws}/documents/${doc.id}/annotations`,
    );
    expect(passages.items.map((p) => p.tags)).toEqual([["incommunicado"]]);
    expect((await tags()).has("solitary")).toBe(false);
    await page.locator('.tag-row[data-tag="incommunicado"] .uses').first().waitFor();
    expect(
      await page.locator('.tag-row[data-tag="incommunicado"] .uses').first().textContent(),
    ).toBe("1 use");
  });

  it("shows each code's path in the tag popover and filters by a parent's name", async () => {
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const docs = await runtime.api<{ items: Array<{ id: string }> }>("GET", `${ws}/documents`);
    await page.goto(`${runtime.url}/w/${runtime.workspaceId}/d/${docs.items[0]!.id}`);
    await waitForReader(page);
    await dragSelect(page, "They were", "alone");
    const filter = page.getByLabel("Filter codes");
    await filter.waitFor();
    await filter.fill("deprivation");
    const options = page.locator(".popover-codes .code-option");
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(3);
    const incommunicado = page.locator('.code-option[data-tag="incommunicado"] .code-path');
    expect(await incommunicado.textContent()).toBe("Deprivation › Arbitrary detention");
  });

  it("splits a code by hand: 3 of its 5 passages move to a new sub-code", async () => {
    const ws = `/api/workspaces/${runtime.workspaceId}`;
    const words = ["kicked", "beaten", "burned", "threatened", "starved"];
    const text = `They were ${words.join(", then ")}.`;
    const doc = await runtime.api<{ id: string }>("POST", `${ws}/documents`, { title: "S", text });
    for (const word of words) {
      const start = text.indexOf(word);
      await runtime.api("POST", `${ws}/documents/${doc.id}/annotations`, {
        start,
        end: start + word.length,
        exact: word,
        tags: ["torture"],
      });
    }
    await page.goto(`${runtime.url}/codebook`);
    await page.getByRole("button", { name: "Passages of Torture" }).click();
    const panel = page.getByRole("region", { name: "Passages coded “Torture and ill-treatment”" });
    const box = (word: string) => panel.locator("li", { hasText: word }).getByRole("checkbox");
    await box("kicked").waitFor();
    // A click, then Shift+click selects the range; the keyboard toggles another with Space.
    await box("kicked").click();
    await box("burned").click({ modifiers: ["Shift"] });
    expect(await panel.getByText("3 selected").count()).toBe(1);
    await box("starved").focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Space");
    expect(await panel.getByText("3 selected").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByLabel("New sub-code").fill("Beating");
    await panel.getByRole("button", { name: "Split into it" }).click();
    await expect
      .poll(
        async () => {
          const items = await runtime.api<{ items: Array<{ exact: string; tags: string[] }> }>(
            "GET",
            `${ws}/documents/${doc.id}/annotations`,
          );
          return items.items.map((p) => `${p.exact}:${p.tags.join("+")}`);
        },
        { timeout: 15_000 },
      )
      .toEqual([
        "kicked:beating",
        "beaten:beating",
        "burned:beating",
        "threatened:torture",
        "starved:torture",
      ]);
    expect((await tags()).get("beating")?.parentId).toBe("torture");
    await expect.poll(() => panel.locator("li").count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, "codebook-split");
  }, 120_000);
});
