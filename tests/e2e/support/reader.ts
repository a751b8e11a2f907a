import type { Page } from "playwright-core";

/** Waits until the reader has painted the highlights of the document it opened. */
export async function waitForReader(page: Page): Promise<void> {
  await page.waitForFunction(
    () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
  );
}

/** The texts the ranges of a registered highlight cover, in document order. */
export function highlightTexts(page: Page, name: string): Promise<string[] | null> {
  return page.evaluate((highlightName) => {
    const highlight = CSS.highlights.get(highlightName);
    if (!highlight) return null;
    const texts: string[] = [];
    for (const r of highlight) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      texts.push(range.toString());
    }
    return texts;
  }, name);
}

/**
 * Drags the mouse from the first character of `from` to the last of `to` (each must occur once
 * in a paragraph), as a reader selecting a passage does.
 */
export async function dragSelect(page: Page, from: string, to: string): Promise<void> {
  const points = await page.evaluate(
    ([a, b]) => {
      const paragraphs = [...document.querySelectorAll(".doc-text p")];
      const locate = (phrase: string) => {
        for (const p of paragraphs) {
          const node = p.firstChild as Text;
          const at = node.data.indexOf(phrase);
          if (at >= 0) return { node, at };
        }
        throw new Error(`not in the text: ${phrase}`);
      };
      const start = locate(a!);
      const end = locate(b!);
      start.node.parentElement!.scrollIntoView({ block: "center" });
      const first = document.createRange();
      first.setStart(start.node, start.at);
      first.setEnd(start.node, start.at + 1);
      const last = document.createRange();
      last.setStart(end.node, end.at + b!.length - 1);
      last.setEnd(end.node, end.at + b!.length);
      const r1 = first.getClientRects()[0]!;
      const r2 = last.getClientRects()[0]!;
      return {
        x1: r1.left + 1,
        y1: (r1.top + r1.bottom) / 2,
        x2: r2.right - 1,
        y2: (r2.top + r2.bottom) / 2,
      };
    },
    [from, to],
  );
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 4 });
  await page.mouse.move(points.x2, points.y2, { steps: 4 });
  await page.mouse.up();
}

/** Fails the test on any alert/confirm/prompt: the reader never opens one, scripts would. */
export function failOnDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/**
 * Selects `[start, end)` of the canonical text `text` in the page, as touch handles or assistive
 * technology would (no mouse): paragraphs are `<p data-p>` children, separated by "\n\n".
 */
export async function selectOffsets(
  page: Page,
  text: string,
  start: number,
  end: number,
): Promise<void> {
  const place = (offset: number) => {
    let paragraph = 0;
    let from = 0;
    for (
      let gap = text.indexOf("\n\n");
      gap !== -1 && gap < offset;
      gap = text.indexOf("\n\n", gap + 2)
    ) {
      paragraph += 1;
      from = gap + 2;
    }
    return { paragraph, at: offset - from };
  };
  await page.evaluate(
    ([a, b]) => {
      const node = (p: number) =>
        document.querySelector(`.doc-text p[data-p="${p}"]`)!.firstChild as Text;
      const range = document.createRange();
      range.setStart(node(a!.paragraph), a!.at);
      range.setEnd(node(b!.paragraph), b!.at);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    [place(start), place(end)],
  );
}
