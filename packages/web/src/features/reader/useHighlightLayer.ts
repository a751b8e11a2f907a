import { type RefObject, useLayoutEffect, useRef } from "react";
import type { Tag } from "../../api/types.ts";
import { afterPaint } from "./afterPaint.ts";
import { HighlightLayer, highlightCss, type Passage, supportsHighlights } from "./highlights.ts";
import type { Paragraph } from "./paragraphs.ts";
import { TextIndex } from "./textIndex.ts";

/** Paragraphs either side of the screen whose highlights stay registered (a couple of screens). */
const MARGIN = 15;

export interface HighlightLayerOptions {
  /** Paint every passage while printing: the printout has no viewport to follow. */
  paintAllWhenPrinting?: boolean;
  /** Called in the commit that changed the passages, just before and just after they are synced. */
  beforeSync?: () => void;
  afterSync?: () => void;
}

/**
 * The highlight painting of a text rendered by TextView: indexes the text, registers the
 * codebook's `::highlight()` colours, keeps the passages around the viewport painted while
 * scrolling and repaints them when they change.
 *
 * Marks `gloss:text-rendered` once the text is indexed and `gloss:highlights-painted` after the
 * frame that first shows the highlights.
 */
export function useHighlightLayer(
  textRef: RefObject<HTMLDivElement | null>,
  text: string,
  paragraphs: Paragraph[],
  codebook: Tag[],
  passages: Passage[],
  options: HighlightLayerOptions = {},
) {
  const indexRef = useRef<TextIndex | null>(null);
  const layerRef = useRef<HighlightLayer | null>(null);
  const painted = useRef(false);
  const { paintAllWhenPrinting = false } = options;
  const syncHooks = useRef(options);
  syncHooks.current = options;

  // The text is rendered once; index it and start the highlight layer over it.
  useLayoutEffect(() => {
    const index = new TextIndex(textRef.current!, text, paragraphs);
    indexRef.current = index;
    performance.mark("gloss:text-rendered");
    if (!supportsHighlights) return;
    const layer = new HighlightLayer(index);
    layerRef.current = layer;
    let frame = 0;
    let printing = false;
    const follow = () => {
      frame = 0;
      if (paragraphs.length === 0 || printing) return;
      const first = index.firstVisibleParagraph(0);
      const last = index.firstVisibleParagraph(window.innerHeight);
      layer.setWindow(
        paragraphs[Math.max(0, first - MARGIN)]!.start,
        paragraphs[Math.min(paragraphs.length - 1, last + MARGIN)]!.end,
      );
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(follow);
    };
    const beforePrint = () => {
      printing = true;
      layer.setWindow(0, text.length);
    };
    const afterPrint = () => {
      printing = false;
      follow();
    };
    follow();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    if (paintAllWhenPrinting) {
      window.addEventListener("beforeprint", beforePrint);
      window.addEventListener("afterprint", afterPrint);
    }
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      layer.dispose();
      layerRef.current = null;
      painted.current = false;
    };
  }, [textRef, text, paragraphs, paintAllWhenPrinting]);

  // The ::highlight() colours of the codebook.
  useLayoutEffect(() => {
    if (!supportsHighlights) return;
    const style = document.createElement("style");
    style.dataset.gloss = "highlights";
    style.textContent = highlightCss(codebook);
    document.head.append(style);
    return () => style.remove();
  }, [codebook]);

  useLayoutEffect(() => {
    syncHooks.current.beforeSync?.();
    layerRef.current?.sync(passages);
    syncHooks.current.afterSync?.();
    if (!painted.current) {
      painted.current = true;
      afterPaint(() => performance.mark("gloss:highlights-painted"));
    }
  }, [passages]);

  return { indexRef, layerRef };
}
