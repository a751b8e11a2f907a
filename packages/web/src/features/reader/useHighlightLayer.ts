import { type RefObject, useLayoutEffect, useRef } from "react";
import type { Tag } from "../../api/types.ts";
import {
  HighlightLayer,
  highlightCss,
  type Passage,
  supportsHighlights,
} from "../reader/highlights.ts";
import type { Paragraph } from "../reader/paragraphs.ts";
import { TextIndex } from "../reader/textIndex.ts";

/** Paragraphs either side of the screen whose highlights stay registered (as in the reader). */
const MARGIN = 15;

/**
 * The reader's highlight painting for a text rendered by TextView: indexes the text, registers
 * the codebook's `::highlight()` colours, keeps the passages around the viewport painted while
 * scrolling, and paints all of them while printing (the printout has no viewport to follow).
 */
export function useHighlightLayer(
  textRef: RefObject<HTMLDivElement | null>,
  text: string,
  paragraphs: Paragraph[],
  codebook: Tag[],
  passages: Passage[],
) {
  const indexRef = useRef<TextIndex | null>(null);
  const layerRef = useRef<HighlightLayer | null>(null);

  useLayoutEffect(() => {
    const index = new TextIndex(textRef.current!, text, paragraphs);
    indexRef.current = index;
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
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      layer.dispose();
      layerRef.current = null;
    };
  }, [textRef, text, paragraphs]);

  useLayoutEffect(() => {
    if (!supportsHighlights) return;
    const style = document.createElement("style");
    style.dataset.gloss = "highlights";
    style.textContent = highlightCss(codebook);
    document.head.append(style);
    return () => style.remove();
  }, [codebook]);

  useLayoutEffect(() => {
    layerRef.current?.sync(passages);
    performance.mark("gloss:highlights-painted");
  }, [passages]);

  return { indexRef, layerRef };
}
