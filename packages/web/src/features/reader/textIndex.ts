import { type Paragraph, paragraphAt } from "./paragraphs.ts";

/** A DOM boundary point. */
export interface Point {
  node: Node;
  offset: number;
}

/**
 * Maps canonical-text offsets to DOM points and back. The text view renders paragraph `i` as the
 * `i`-th child of `root`, marked `data-p`, whose text nodes hold exactly `text.slice(start, end)`
 * (one text node normally; several when the fallback wraps highlights in <mark>). The "\n\n"
 * between paragraphs has no DOM: a boundary in it maps to the end of the paragraph before (for a
 * range end) or the start of the paragraph after (for a range start), and a DOM boundary between
 * paragraphs maps back to the offsets around the gap, so the gap counts in cross-paragraph ranges.
 */
export class TextIndex {
  constructor(
    readonly root: HTMLElement,
    readonly text: string,
    readonly paragraphs: Paragraph[],
  ) {}

  /** The element of paragraph `i`. */
  element(i: number): HTMLElement | null {
    return (this.root.children[i] as HTMLElement | undefined) ?? null;
  }

  /** The DOM point of `offset`; `side` says which way to go from a paragraph gap. */
  point(offset: number, side: "start" | "end"): Point | null {
    if (this.paragraphs.length === 0) return null;
    let i = paragraphAt(this.paragraphs, offset);
    let para = this.paragraphs[i]!;
    let local = Math.min(Math.max(0, offset - para.start), para.end - para.start);
    if (offset >= para.end && side === "start" && i + 1 < this.paragraphs.length) {
      i += 1;
      para = this.paragraphs[i]!;
      local = 0;
    }
    const element = this.element(i);
    if (!element) return null;
    const first = element.firstChild;
    if (first && first === element.lastChild && first.nodeType === Node.TEXT_NODE) {
      return { node: first, offset: local };
    }
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let last: Text | null = null;
    for (
      let node = walker.nextNode() as Text | null;
      node;
      node = walker.nextNode() as Text | null
    ) {
      const length = node.data.length;
      if (local < length || (local === length && side === "end")) return { node, offset: local };
      local -= length;
      last = node;
    }
    return last ? { node: last, offset: last.data.length } : { node: element, offset: 0 };
  }

  /** A range over `[start, end)` for highlights (static: the text never changes under it). */
  range(start: number, end: number): StaticRange | null {
    const from = this.point(start, "start");
    const to = this.point(end, "end");
    if (!from || !to) return null;
    return new StaticRange({
      startContainer: from.node,
      startOffset: from.offset,
      endContainer: to.node,
      endOffset: to.offset,
    });
  }

  /** A live range over `[start, end)`, for selections and geometry. */
  liveRange(start: number, end: number): Range | null {
    const from = this.point(start, "start");
    const to = this.point(end, "end");
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** The text offset of a DOM boundary point; points outside the text clamp to its ends. */
  offsetOf(node: Node, offset: number): number {
    if (node === this.root) {
      if (offset >= this.paragraphs.length) return this.text.length;
      return this.paragraphs[offset]?.start ?? 0;
    }
    if (!this.root.contains(node)) {
      const position = this.root.compareDocumentPosition(node);
      return position & Node.DOCUMENT_POSITION_PRECEDING ? 0 : this.text.length;
    }
    let element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement!;
    while (element.parentElement !== this.root) element = element.parentElement!;
    const i = Array.prototype.indexOf.call(this.root.children, element) as number;
    const para = this.paragraphs[i];
    if (!para) return this.text.length;
    // Characters of the paragraph before the point: text nodes before it, plus its own offset.
    const before = document.createRange();
    before.setStart(element, 0);
    before.setEnd(node, offset);
    const local =
      node === element.firstChild && node.nodeType === Node.TEXT_NODE
        ? offset
        : before.toString().length;
    return para.start + Math.min(local, para.end - para.start);
  }

  /** The offsets of a DOM range, or null when it holds no text of the document. */
  offsetsOf(range: Range): { start: number; end: number } | null {
    if (!range.intersectsNode(this.root)) return null;
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    return end > start ? { start, end } : null;
  }

  /** The offset under a viewport point, or null when the point is not over the text. */
  offsetAtPoint(x: number, y: number): number | null {
    const doc = document as Document & {
      caretPositionFromPoint?: (
        x: number,
        y: number,
      ) => { offsetNode: Node; offset: number } | null;
    };
    const caret = doc.caretPositionFromPoint?.(x, y);
    if (caret) {
      return this.root.contains(caret.offsetNode)
        ? this.offsetOf(caret.offsetNode, caret.offset)
        : null;
    }
    const range = document.caretRangeFromPoint?.(x, y);
    if (!range || !this.root.contains(range.startContainer)) return null;
    return this.offsetOf(range.startContainer, range.startOffset);
  }

  /** Paragraph index whose element is nearest the top of the viewport (below `top` px). */
  firstVisibleParagraph(top: number): number {
    let lo = 0;
    let hi = this.paragraphs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const rect = this.element(mid)!.getBoundingClientRect();
      if (rect.bottom < top) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
