/**
 * Lays out every paragraph of the text view, a slice at a time while the browser is idle, after
 * the first paint.
 *
 * Paragraphs start as `content-visibility: auto` (styles.css), so the first paint of a 1 MB report
 * lays out only the screen. Left that way, scrolling is what lays them out: every frame that brings
 * a paragraph into view relayouts it and the whole text column around it (and Chromium rebuilds
 * its highlight markers), which measured p95 frames of 33–50 ms with no annotations and over
 * 300 ms with 20k, and moved the scroll height as estimates turned into real heights. Once a
 * paragraph is given `content-visibility: visible` (inline, so the shared reader needs no
 * stylesheet of the reader's) it is laid out once, after which
 * scrolling only paints (p95 ≈ one frame, and the scroll height no longer moves).
 *
 * Each slice forces its layout inside its own idle callback and is sized from the last one, so a
 * slice costs about BUDGET_MS and never lands in a scrolling frame unannounced. The screen's
 * paragraph goes first, then those below it, then those above (scroll anchoring keeps the screen
 * still as they take their real heights). Marks
 * `gloss:text-laid-out` when every paragraph is laid out. Returns a function that stops early.
 */
export function layOutProgressively(root: HTMLElement, firstOnScreen: () => number): () => void {
  const paragraphs = root.children;
  const count = paragraphs.length;
  // The screen's paragraph first, then on down the text (where a reader goes next), then the
  // ones above it, nearest first: the k-th paragraph laid out is `order(k)`.
  let from = -1;
  const order = (k: number) => (k < count - from ? from + k : count - 1 - k);
  let next = 0;
  let slice = FIRST_SLICE;
  let handle = 0;
  let stopped = false;
  let slices = 0;
  let busyMs = 0;
  const step = (deadline?: IdleDeadline) => {
    if (stopped) return;
    if (from < 0) from = Math.min(Math.max(0, firstOnScreen()), Math.max(0, count - 1));
    // As many slices as the idle period holds (at least one, so a busy page still progresses).
    do {
      const started = performance.now();
      const end = Math.min(count, next + slice);
      for (let k = next; k < end; k++) {
        (paragraphs[order(k)] as HTMLElement).style.contentVisibility = "visible";
      }
      next = end;
      // Force this slice's layout now, in the idle callback, rather than in the next frame.
      void root.offsetHeight;
      const took = performance.now() - started;
      slices += 1;
      busyMs += took;
      slice = Math.max(
        MIN_SLICE,
        Math.min(MAX_SLICE, Math.round((slice * BUDGET_MS) / (took || 1))),
      );
    } while (next < count && (deadline?.timeRemaining() ?? 0) > BUDGET_MS);
    if (next < count) handle = idle(step);
    else performance.mark("gloss:text-laid-out", { detail: { slices, busyMs } });
  };
  handle = idle(step);
  return () => {
    stopped = true;
    cancelIdle(handle);
  };
}

/** Milliseconds of layout one slice aims at (well inside a 50 ms long task). */
const BUDGET_MS = 12;
const FIRST_SLICE = 16;
const MIN_SLICE = 4;
const MAX_SLICE = 400;
/**
 * An idle callback that still runs within a second while the reader keeps scrolling (and a
 * timeout where there is no requestIdleCallback: Safari).
 */
const idle = (callback: (deadline?: IdleDeadline) => void): number =>
  typeof requestIdleCallback === "function"
    ? requestIdleCallback(callback, { timeout: 1_000 })
    : (setTimeout(callback, 16) as unknown as number);
const cancelIdle = (handle: number) =>
  typeof cancelIdleCallback === "function" ? cancelIdleCallback(handle) : clearTimeout(handle);
