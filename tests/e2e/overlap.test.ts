import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

// Two codes over the same words ("confiscated on arrival"), and a paragraph with one code only.
const TEXT = [
  "Workers said their passports were confiscated on arrival and withheld for months.",
  "The dormitory was locked at night and nobody could leave.",
  "Wages were paid late, if at all.",
].join("\n\n");

let runtime: Runtime;
let page: Page;
let docId: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;

async function annotate(exact: string, tags: string[]): Promise<void> {
  const start = TEXT.indexOf(exact);
  await runtime.api("POST", `${base()}/documents/${docId}/annotations`, {
    start,
    end: start + exact.length,
    exact,
    tags,
  });
}

/** The overlap marker of paragraph `i`: its text (as CSS generates it) and its positioning. */
const marker = (i: number) =>
  page.evaluate((index) => {
    const p = document.querySelector<HTMLElement>(`.doc-text p[data-p="${index}"]`)!;
    const after = getComputedStyle(p, "::after");
    return {
      label: p.getAttribute("data-overlap"),
      content: after.content,
      position: after.position,
      colour: after.color,
    };
  }, i);

useBrowserSession({ viewport: { width: 1600, height: 900 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  docId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Overlapping codes",
      text: TEXT,
    })
  ).id;
  await annotate("passports were confiscated on arrival", ["forced-labour"]);
  await annotate("confiscated on arrival and withheld", ["arbitrary-detention"]);
  await annotate("The dormitory was locked", ["arbitrary-detention"]);
});

describe("overlapping codes", () => {
  it("name both codes in the margin beside the words they share, in words not colour", async () => {
    await page.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(page);
    await page.waitForFunction(() => document.querySelector(".doc-text p[data-overlap]"));
    const first = await marker(0);
    expect(first.label).toBe("Arbitrary detention + Forced labour");
    expect(first.content).toContain("Arbitrary detention + Forced labour");
    expect(first.position).toBe("absolute");
    // Only where codes overlap: the single-code paragraph has no marker.
    expect((await marker(1)).label).toBeNull();
    // The shared words carry the in-text marker too, exactly them.
    expect(await highlightTexts(page, "gloss-multi")).toEqual(["confiscated on arrival"]);
    // The marker is generated content: the paragraph's text is still exactly the canonical text.
    const text = await page.evaluate(
      () => document.querySelector<HTMLElement>('.doc-text p[data-p="0"]')!.textContent,
    );
    expect(text).toBe(TEXT.split("\n\n")[0]);
    expect(await seriousViolations(page)).toEqual([]);
    if (process.env.GLOSS_SCREENSHOTS) await page.screenshot({ path: "/tmp/rsx/overlap-wide.png" });
  });

  it("drops the marker while a code filter shows one code only", async () => {
    await page.locator('.filters button[data-tag="forced-labour"]').click();
    await page.waitForFunction(() => !document.querySelector(".doc-text p[data-overlap]"));
    await page.locator(".filters button", { hasText: "All" }).click();
    await page.waitForFunction(() => document.querySelector(".doc-text p[data-overlap]"));
  });

  it("on a phone, sits below its paragraph without moving the text, inside the screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(page);
    await page.waitForFunction(() => document.querySelector(".doc-text p[data-overlap]"));
    expect((await marker(0)).position).toBe("absolute");
    if (process.env.GLOSS_SCREENSHOTS)
      await page.screenshot({ path: "/tmp/rsx/overlap-phone.png" });
    // Taking no layout space, a marker never moves the text (or the scrollbar) as it comes and goes.
    const heights = await page.evaluate(() => {
      const p = document.querySelector<HTMLElement>('.doc-text p[data-p="0"]')!;
      const marked = p.getBoundingClientRect().height;
      p.removeAttribute("data-overlap");
      const unmarked = p.getBoundingClientRect().height;
      return { marked, unmarked };
    });
    expect(heights.marked).toBe(heights.unmarked);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    if (process.env.GLOSS_SCREENSHOTS)
      await page.screenshot({ path: "/tmp/rsx/overlap-phone.png" });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
