import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

// Two documents, the second long enough that a hit near its end is far below the first screen.
const SHORT = [
  "The broker kept every passport on arrival.",
  "Workers said the passport was returned only when the debt was paid.",
].join("\n\n");
const LONG = Array.from({ length: 60 }, (_, i) =>
  i === 55
    ? "At the border post the guards confiscated a passport from each of the women."
    : `Paragraph ${i + 1} records testimony from the harbour district about long shifts.`,
).join("\n\n");

let runtime: Runtime;
let page: Page;
let shortId: string;
let longId: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;

useBrowserSession({ viewport: { width: 1280, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  shortId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Interviews",
      text: SHORT,
    })
  ).id;
  longId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Border report",
      text: LONG,
    })
  ).id;
});

async function passages(documentId: string, tag: string) {
  const page = await runtime.api<{ items: Array<{ exact: string; tags: string[] }> }>(
    "GET",
    `${base()}/documents/${documentId}/annotations?limit=500`,
  );
  return page.items.filter((a) => a.tags.includes(tag)).map((a) => a.exact);
}

describe("the Search page", () => {
  it("searches from the top bar's field, reached with the / key", async () => {
    await page.goto(runtime.url);
    await page.locator(".document-row").first().waitFor();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("topbar-search-input");
    await page.keyboard.type("passport");
    await page.keyboard.press("Enter");
    await page.locator(".search-total").waitFor();
    expect(new URL(page.url()).pathname).toBe("/search");
    expect(await page.locator(".search-total").textContent()).toBe("3 hits");
    expect(await page.locator(".search-hit mark").allTextContents()).toEqual([
      "passport",
      "passport",
      "passport",
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("opens a hit in the reader at its exact place, selected and in view", async () => {
    const start = LONG.indexOf("passport");
    await page
      .locator(".search-hit", { hasText: "border post" })
      .getByRole("link", { name: "Border report" })
      .click();
    await waitForReader(page);
    expect(new URL(page.url()).hash).toBe(`#at=${start}-${start + 8}`);
    await page.waitForFunction(() => window.getSelection()?.toString() === "passport");
    const seen = await page.evaluate(() => {
      const range = window.getSelection()!.getRangeAt(0);
      const rect = range.getBoundingClientRect();
      return {
        paragraph: range.startContainer.parentElement?.closest("p")?.textContent ?? "",
        inView: rect.top >= 0 && rect.bottom <= window.innerHeight,
      };
    });
    expect(seen.paragraph).toContain("guards confiscated a passport");
    expect(seen.inView).toBe(true);
  });

  it("codes 3 selected hits, then all hits, each passage once", async () => {
    await page.goto(`${runtime.url}/search?q=passport`);
    await page.locator(".search-total").waitFor();
    const boxes = page.locator(".search-hit input[type=checkbox]");
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await page.locator(".code-hits select").first().selectOption("forced-labour");
    await page.getByRole("button", { name: "Code 3 selected" }).click();
    await page.locator(".code-hits-done").waitFor();
    expect(await page.locator(".code-hits-done").textContent()).toBe("Coded 3 passages.");
    expect(await passages(shortId, "forced-labour")).toEqual(["passport", "passport"]);
    expect(await passages(longId, "forced-labour")).toEqual(["passport"]);

    await page.locator(".code-hits select").first().selectOption("corruption");
    await page.locator(".code-hits select").nth(1).selectOption("sentence");
    await page.getByRole("button", { name: "Code all 3 hits…" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.locator("mark").count()).toBe(3);
    await dialog.getByRole("button", { name: "Code 3 hits" }).click();
    await page.locator(".code-hits-done").waitFor();
    expect(await page.locator(".code-hits-done").textContent()).toBe("Coded 3 passages.");
    expect(await passages(shortId, "corruption")).toEqual([
      "The broker kept every passport on arrival.",
      "Workers said the passport was returned only when the debt was paid.",
    ]);
    // The hits now show their codes.
    await page.locator(".search-hit .search-code").first().waitFor();
  });
});

describe("saved searches and notes on the Search page", () => {
  it("saves the search, lists it and finds annotations by their note", async () => {
    await page.goto(`${runtime.url}/search?q=passport`);
    await page.locator(".search-total").waitFor();
    await page.getByLabel("Save this search as").fill("Passports");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator(".saved-queries li", { hasText: "Passports" }).waitFor();
    const saved = await runtime.api<{ items: Array<{ name: string; q: string }> }>(
      "GET",
      `${base()}/queries`,
    );
    expect(saved.items).toMatchObject([{ name: "Passports", q: "passport" }]);
    await page.getByRole("tab", { name: "Notes and quotes" }).click();
    await page.locator(".annotation-total").waitFor();
    // The coding test above made 6 passages whose quotes hold "passport".
    expect(await page.locator(".annotation-total").textContent()).toBe("6 annotations");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("find in the document", () => {
  it("opens on Ctrl+F, highlights every hit in its own style, steps and tags a hit", async () => {
    await page.goto(`${runtime.url}/d/${longId}`);
    await waitForReader(page);
    await page.keyboard.press("Control+f");
    const bar = page.getByRole("search", { name: "Find in this document" });
    await bar.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("find-input");
    await page.keyboard.type("Harbour district");
    expect(await bar.locator(".find-count").textContent()).toBe("1 of 59");
    expect(await highlightTexts(page, "gloss-find")).toEqual(
      Array.from({ length: 59 }, () => "harbour district"),
    );
    await page.keyboard.press("Enter");
    expect(await bar.locator(".find-count").textContent()).toBe("2 of 59");

    expect(await highlightTexts(page, "gloss-find-current")).toEqual(["harbour district"]);
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.press("Shift+Enter");
    expect(await bar.locator(".find-count").textContent()).toBe("59 of 59");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await bar.getByRole("button", { name: "Tag this hit" }).click();
    await page.locator(".popover").waitFor();
    expect(await page.locator(".popover-quote").textContent()).toBe("“harbour district”");

    await page.keyboard.press("Escape");
    await page.locator(".popover").waitFor({ state: "detached" });
    await page.locator("#find-input").focus();
    await page.keyboard.press("Escape");
    await bar.waitFor({ state: "detached" });
    expect(await highlightTexts(page, "gloss-find")).toBeNull();
  });
});
