import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

// A long report: 400 paragraphs of uneven length (~200 KB), so height estimates are off and
// paragraphs far below the first screen start unrendered.
const WORDS = ["workers", "passports", "recruiters", "wages", "dormitory", "guards", "fees"];
const PARAGRAPHS = Array.from({ length: 400 }, (_, i) => {
  const words = 20 + ((i * 37) % 160);
  return `§${i} ${Array.from({ length: words }, (_, j) => WORDS[(i + j) % WORDS.length]).join(" ")}.`;
});
const TEXT = PARAGRAPHS.join("\n\n");
/** Paragraphs that get a passage: spread from the top to the very end. */
const ANNOTATED = [0, 50, 100, 150, 200, 250, 300, 350, 399];
/** The passage of paragraph `i`: its number and first word. */
const passage = (i: number) => `§${i} ${WORDS[i % WORDS.length]}`;

let runtime: Runtime;
let page: Page;
let docId: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;

/** The texts of every range registered under the reader's highlights. */
const registered = () =>
  page.evaluate(() => {
    const texts: string[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith("gloss-t-")) continue;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        texts.push(range.toString());
      }
    }
    return texts;
  });

useBrowserSession({ viewport: { width: 1280, height: 800 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  docId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "A long report",
      text: TEXT,
    })
  ).id;
  for (const i of ANNOTATED) {
    const exact = passage(i);
    const start = TEXT.indexOf(`${exact} `);
    await runtime.api("POST", `${base()}/documents/${docId}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags: ["forced-labour"],
    });
  }
});

describe("scrolling a long document", () => {
  it("lays the whole text out after the first paint, so the scroll height no longer moves", async () => {
    await page.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(page);
    await page.waitForFunction(
      () => performance.getEntriesByName("gloss:text-laid-out").length > 0,
      undefined,
      { timeout: 60_000 },
    );
    const moved = await page.evaluate(async () => {
      const scroller = document.scrollingElement!;
      const before = scroller.scrollHeight;
      let most = 0;
      for (let top = 0; top < before; top += 700) {
        scroller.scrollTop = top;
        await new Promise((r) => requestAnimationFrame(r));
        most = Math.max(most, Math.abs(scroller.scrollHeight - before));
      }
      return most;
    });
    // Estimated heights would change as paragraphs came into view: the scrollbar would jump.
    expect(moved).toBe(0);
  });

  it("registers the highlights near the screen only, and follows the scroll to the end", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    await page.waitForFunction(
      () => [...(CSS.highlights.get("gloss-t-forced-labour") ?? [])].length > 0,
    );
    const top = await registered();
    expect(top).toContain(passage(0));
    expect(top).not.toContain(passage(399));
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await page.waitForFunction((last) => {
      for (const r of CSS.highlights.get("gloss-t-forced-labour") ?? []) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        if (range.toString() === last) return true;
      }
      return false;
    }, passage(399));
    const bottom = await registered();
    expect(bottom).not.toContain(passage(0));
    // Every registered range is exactly an annotated passage's words.
    for (const text of bottom) expect(text).toMatch(/^§\d+ \w+$/);
  });
});
