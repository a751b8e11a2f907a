import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { highlightTexts, waitForReader } from "./support/reader.ts";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { makeReport } from "./support/text.ts";

interface Ann {
  id: string;
  start: number;
  end: number;
  exact: string;
}

const TEXT = makeReport();
// An Arabic source with a Latin citation inside a sentence: the bidi algorithm must lay each
// paragraph out right-to-left while the offsets stay those of the canonical text.
const ARABIC = [
  "تقرير عن العمل القسري في المصانع",
  "صادرت الشركة جوازات سفر العمال عند وصولهم. وقال الشهود إن المشرف احتفظ بها (OHCHR 2023).",
  "أُغلق السكن ليلاً، ولم يستطع أحد المغادرة دون إذن.",
].join("\n\n");
const ARABIC_PHRASE = "جوازات سفر العمال";

let runtime: Runtime;
let page: Page;
let docId: string;
let arabicId: string;
let shareUrl: string;

const base = () => `/api/workspaces/${runtime.workspaceId}`;

function annotate(doc: string, text: string, exact: string, tags: string[]): Promise<Ann> {
  const start = text.indexOf(exact);
  return runtime.api<Ann>("POST", `${base()}/documents/${doc}/annotations`, {
    start,
    end: start + exact.length,
    exact,
    tags,
    note: "A note.",
  });
}

useBrowserSession({ viewport: { width: 1280, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

beforeAll(async () => {
  docId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "Report on recruitment",
      text: TEXT,
    })
  ).id;
  arabicId = (
    await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
      title: "تقرير عن العمل القسري",
      text: ARABIC,
    })
  ).id;
  await annotate(docId, TEXT, "the passports were confiscated", ["forced-labour"]);
  await annotate(docId, TEXT, "Guards locked the dormitory", [
    "forced-labour",
    "arbitrary-detention",
  ]);
  await annotate(arabicId, ARABIC, ARABIC_PHRASE, ["forced-labour"]);
  shareUrl = (
    await runtime.api<{ url: string }>("POST", `${base()}/documents/${docId}/shares`, {
      label: "axe",
    })
  ).url;
});

async function expectNoSeriousViolations(): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  it("library", async () => {
    await page.goto(runtime.url);
    await page.locator(".document-row").first().waitFor();
    await expectNoSeriousViolations();
  });

  it("reader", async () => {
    await page.goto(`${runtime.url}/d/${docId}`);
    await waitForReader(page);
    await expectNoSeriousViolations();
  });

  it("codebook", async () => {
    await page.goto(`${runtime.url}/codebook`);
    await page.locator(".tag-row").first().waitFor();
    await expectNoSeriousViolations();
  });

  it("findings", async () => {
    await page.goto(`${runtime.url}/findings`);
    await page.locator(".heatmap").first().waitFor();
    await expectNoSeriousViolations();
  });

  it("shared reader", async () => {
    await page.goto(runtime.url + shareUrl);
    await waitForReader(page);
    await expectNoSeriousViolations();
  });
});

describe("right-to-left sources", () => {
  it("lays an Arabic document out right to left with the exact offsets", async () => {
    await page.goto(`${runtime.url}/d/${arabicId}`);
    await waitForReader(page);
    const layout = await page.evaluate(() => {
      const ps = [...document.querySelectorAll<HTMLElement>(".doc-text p")];
      return {
        dirs: ps.map((p) => getComputedStyle(p).direction),
        title: getComputedStyle(document.querySelector(".doc-head h1")!).direction,
        quote: getComputedStyle(document.querySelector(".ann-card .ann-quote")!).direction,
        note: getComputedStyle(document.querySelector(".ann-card .ann-note")!).direction,
        text: ps.map((p) => p.textContent).join("\n\n"),
      };
    });
    expect(layout.dirs).toEqual(["rtl", "rtl", "rtl"]);
    expect(layout).toMatchObject({ title: "rtl", quote: "rtl", note: "ltr", text: ARABIC });
    expect(await highlightTexts(page, "gloss-t-forced-labour")).toEqual([ARABIC_PHRASE]);
    // The sentence's full stop sits at its left end, as Arabic readers expect.
    const ends = await page.evaluate(() => {
      const p = document.querySelectorAll(".doc-text p")[2]!;
      const node = p.firstChild as Text;
      const range = document.createRange();
      range.setStart(node, node.data.length - 1);
      range.setEnd(node, node.data.length);
      const stop = range.getBoundingClientRect();
      range.setStart(node, 0);
      range.setEnd(node, 1);
      const first = range.getBoundingClientRect();
      return { stop: stop.left, first: first.left };
    });
    expect(ends.stop).toBeLessThan(ends.first);
    await expectNoSeriousViolations();
  });
});
