import { type RefObject, useLayoutEffect, useRef } from "react";
import type { Tag } from "../../api/types.ts";
import { afterPaint } from "./afterPaint.ts";
import {
  BAND_ATTRIBUTE,
  HighlightLayer,
  highlightCss,
  type Passage,
  supportsHighlights,
} from "./highlights.ts";
import type { Paragraph } from "./paragraphs.ts";
import { layOutProgressively } from "./progressiveLayout.ts";
import { TextIndex } from "./textIndex.ts";

/*
 * Which paragraphs have their highlights registered (the "band"), in paragraphs around the screen.
 *
 * Chromium rebuilds the markers of every registered range whenever the highlights change, and
 * also as `content-visibility: auto` paragraphs scroll into view, so both the size of the band
 * and how often it moves cost frame time. Measured at 20k passages (~13 a paragraph): a band of
 * ~35 paragraphs that stays put scrolls at 60 fps, one of ~100 drops frames, and moving a band
 * of ~35 on every frame (as the reader did) cost ~20 % more main-thread time while scrolling.
 * So the band stays small (~30 paragraphs) and moves in steps: while scrolling only when the
 * screen comes within GUARD paragraphs of its edge, and then LEAD paragraphs ahead in the scroll
 * direction (the bench's fast scroll, ~1 paragraph a frame, moves it every ~20 frames instead
 * of every frame, and the screen is never without highlights); once scrolling settles it is
 * re-centred, MARGIN either side, when the browser is idle.
 */
const MARGIN = 12;
const LEAD = 24;
const TRAIL = 3;
const GUARD = 2;
/** Quiet time after the last scroll event before the band is re-centred. */
const SETTLE_MS = 150;

/** requestIdleCallback where there is one (not Safari), else a plain timeout. */
const whenIdle = (callback: () => void): (() => void) => {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(callback, { timeout: 1_000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(callback, 0);
  return () => clearTimeout(timer);
};

/**
 * Moves BAND_ATTRIBUTE from the paragraphs of band `from` to those of band `to` (inclusive
 * indices; `hi < lo` is empty), touching only the paragraphs that leave or enter it.
 */
function markBand(
  index: TextIndex,
  from: { lo: number; hi: number },
  to: { lo: number; hi: number },
): void {
  for (let i = from.lo; i <= from.hi; i++) {
    if (i < to.lo || i > to.hi) index.element(i)?.removeAttribute(BAND_ATTRIBUTE);
  }
  for (let i = to.lo; i <= to.hi; i++) {
    if (i < from.lo || i > from.hi) index.element(i)?.setAttribute(BAND_ATTRIBUTE, "");
  }
}

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
  const latestPassages = useRef(passages);
  latestPassages.current = passages;

  // The ::highlight() colours of the codebook. Before the text is indexed below: that forces the
  // first style recalc and layout, and a stylesheet added after it would force a second full one.
  useLayoutEffect(() => {
    if (!supportsHighlights) return;
    const style = document.createElement("style");
    style.dataset.gloss = "highlights";
    style.textContent = highlightCss(codebook);
    document.head.append(style);
    return () => style.remove();
  }, [codebook]);

  // The text is rendered once; index it and start the highlight layer over it.
  useLayoutEffect(() => {
    const index = new TextIndex(textRef.current!, text, paragraphs);
    indexRef.current = index;
    performance.mark("gloss:text-rendered");
    // After the first paint, lay the whole text out while idle, so scrolling only paints.
    // Ahead of a scroll only where there are highlights to rebuild (see progressiveLayout.ts).
    const stopLayout = layOutProgressively(
      index.root,
      (y) => index.firstVisibleParagraph(y),
      () => supportsHighlights && latestPassages.current.length > 0,
    );
    if (!supportsHighlights) return stopLayout;
    const layer = new HighlightLayer(index);
    layerRef.current = layer;
    let frame = 0;
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    let cancelIdle = () => {};
    let printing = false;
    const lastParagraph = paragraphs.length - 1;
    // The registered band (paragraph indices, inclusive) and the screen's first paragraph when
    // last looked at, for the scroll direction.
    let band = { lo: 0, hi: -1 };
    let previousFirst = 0;
    const setBand = (lo: number, hi: number) => {
      const next = { lo: Math.max(0, lo), hi: Math.min(lastParagraph, hi) };
      markBand(index, band, next);
      band = next;
      layer.setWindow(paragraphs[band.lo]!.start, paragraphs[band.hi]!.end);
    };
    /** The paragraphs on screen (two binary searches over paragraph rects, once a frame at most). */
    const onScreen = () => ({
      first: index.firstVisibleParagraph(0),
      last: index.firstVisibleParagraph(window.innerHeight),
    });
    // While scrolling: leave the band alone while it covers the screen with GUARD to spare, else
    // move it ahead of the scroll. Runs before the frame paints, so the screen is never bare.
    const follow = () => {
      frame = 0;
      if (paragraphs.length === 0 || printing) return;
      const { first, last } = onScreen();
      const down = first >= previousFirst;
      previousFirst = first;
      if (first - GUARD >= band.lo && last + GUARD <= band.hi) return;
      if (down) setBand(first - TRAIL, last + LEAD);
      else setBand(first - LEAD, last + TRAIL);
    };
    // Once scrolling has stopped: centre the band, so a reader may go either way from here.
    const settle = () => {
      if (paragraphs.length === 0 || printing) return;
      const { first, last } = onScreen();
      previousFirst = first;
      setBand(first - MARGIN, last + MARGIN);
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(follow);
      clearTimeout(settleTimer);
      cancelIdle();
      settleTimer = setTimeout(() => {
        cancelIdle = whenIdle(settle);
      }, SETTLE_MS);
    };
    const beforePrint = () => {
      printing = true;
      markBand(index, band, { lo: 0, hi: lastParagraph });
      band = { lo: 0, hi: lastParagraph };
      layer.setWindow(0, text.length);
    };
    const afterPrint = () => {
      printing = false;
      settle();
    };
    settle();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    if (paintAllWhenPrinting) {
      window.addEventListener("beforeprint", beforePrint);
      window.addEventListener("afterprint", afterPrint);
    }
    return () => {
      stopLayout();
      cancelAnimationFrame(frame);
      clearTimeout(settleTimer);
      cancelIdle();
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      layer.dispose();
      layerRef.current = null;
      painted.current = false;
    };
  }, [textRef, text, paragraphs, paintAllWhenPrinting]);

  // The codes' names, for the margin markers where codes overlap.
  useLayoutEffect(() => {
    layerRef.current?.setCodeNames(new Map(codebook.map((tag) => [tag.id, tag.label])));
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
