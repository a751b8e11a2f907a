import { paragraphAt } from "./paragraphs.ts";
import type { TextIndex } from "./textIndex.ts";

/** What a marker needs of a painted passage. */
interface Span {
  start: number;
  end: number;
  tags: string[];
}

/** Attribute holding a paragraph's marker text; reader.css shows it in the margin. */
export const OVERLAP_ATTRIBUTE = "data-overlap";
/** Where the first overlap of the paragraph starts, from the paragraph's top (px). */
const TOP = "--overlap-top";

/**
 * The margin marker of overlapping codes: where two or more codes are painted over the same
 * words, translucent colours mix into a shade no reader (least of all a colour-blind one) can
 * take apart. So besides the double underline on those words, the paragraph gets a marker in
 * the margin, level with the first such line, that names the codes ("Torture + Forced labour").
 *
 * The marker is generated content (`::after`, from the `data-overlap` attribute), like the page
 * numbers: it is no DOM node and cannot be selected, so text nodes and offsets stay the canonical
 * text, and it is hidden from assistive technology (the annotation list is the accessible
 * account of every passage). Only paragraphs with registered passages (the band around the
 * screen) are computed, and every change rewrites only the paragraphs whose marker changed.
 */
export class OverlapMarkers {
  /** Code id → name; unknown ids are shown as they are. */
  names = new Map<string, string>();
  private marked = new Map<HTMLElement, string>();

  /**
   * Marks the paragraphs holding `stretches` (text ranges painted with 2+ codes) of `spans`, the
   * passages registered over `window`. Markers of paragraphs outside the window are kept while
   * the passages stay the same (`keepOutside`), so moving the band while scrolling does not add
   * and remove marker lines (on narrow screens they take a line and would move the text); when
   * passages change they are dropped, since they may now be wrong.
   */
  show(
    index: TextIndex,
    spans: Span[],
    stretches: Array<[number, number]>,
    window: { start: number; end: number },
    keepOutside: boolean,
  ): void {
    const next = new Map<HTMLElement, { label: string; top: number }>();
    const perParagraph = new Map<number, { codes: Set<string>; start: number; end: number }>();
    for (const [start, end] of stretches) {
      const i = paragraphAt(index.paragraphs, start);
      let entry = perParagraph.get(i);
      if (!entry) {
        entry = { codes: new Set(), start, end };
        perParagraph.set(i, entry);
      }
      for (const span of spans) {
        if (span.start < end && span.end > start) for (const tag of span.tags) entry.codes.add(tag);
      }
    }
    for (const [i, { codes, start, end }] of perParagraph) {
      const element = index.element(i);
      if (!element || codes.size < 2) continue;
      const label = [...codes]
        .map((id) => this.names.get(id) ?? id)
        .sort((a, b) => a.localeCompare(b))
        .join(" + ");
      next.set(element, { label, top: lineTop(index, element, start, end) });
    }
    const marked = new Map<HTMLElement, string>();
    for (const [element, key] of this.marked) {
      if (next.has(element)) continue;
      const i = Number(element.dataset.p);
      const para = index.paragraphs[i];
      const outside = !para || para.end <= window.start || para.start >= window.end;
      if (keepOutside && outside) marked.set(element, key);
      else {
        element.removeAttribute(OVERLAP_ATTRIBUTE);
        element.style.removeProperty(TOP);
      }
    }
    for (const [element, { label, top }] of next) {
      const key = `${label}@${top}`;
      marked.set(element, key);
      if (this.marked.get(element) === key) continue;
      element.setAttribute(OVERLAP_ATTRIBUTE, label);
      element.style.setProperty(TOP, `${top}px`);
    }
    this.marked = marked;
  }

  clear(): void {
    for (const element of this.marked.keys()) {
      element.removeAttribute(OVERLAP_ATTRIBUTE);
      element.style.removeProperty(TOP);
    }
    this.marked.clear();
  }
}

/** The top of the first line of `[start, end)`, from the top of its paragraph's box. */
function lineTop(index: TextIndex, element: HTMLElement, start: number, end: number): number {
  const rect = index.liveRange(start, end)?.getClientRects()[0];
  if (!rect) return 0;
  return Math.max(0, Math.round(rect.top - element.getBoundingClientRect().top));
}
