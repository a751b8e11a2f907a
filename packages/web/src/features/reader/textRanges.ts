import { paragraphAt } from "./paragraphs.ts";
import type { TextIndex } from "./textIndex.ts";

/*
 * The two things other reader features (find-in-document, deep links, search hits, history)
 * need of the rendered text, by canonical UTF-16 offsets. Every paragraph stays in the DOM (the
 * reader lays them all out while idle, progressiveLayout.ts), so these are exact wherever the
 * range is, and the browser's own find-in-page still finds every word.
 */

/** A live DOM Range over `[start, end)` of the text, or null when the text is not rendered. */
export function rangeOf(index: TextIndex, start: number, end: number): Range | null {
  return index.liveRange(start, end);
}

/**
 * Scrolls `[start, end)` into view: its paragraph to the centre first (it may not be laid out
 * yet), then, once that frame is laid out, the passage itself to the upper third of the window
 * when it is not comfortably on screen.
 */
export function scrollRangeIntoView(index: TextIndex, start: number, end: number): void {
  index.element(paragraphAt(index.paragraphs, start))?.scrollIntoView({ block: "center" });
  requestAnimationFrame(() => {
    const rect = index.liveRange(start, end)?.getBoundingClientRect();
    if (!rect) return;
    if (rect.top < 80 || rect.bottom > window.innerHeight - 40) {
      window.scrollBy({ top: rect.top - window.innerHeight / 3 });
    }
  });
}
