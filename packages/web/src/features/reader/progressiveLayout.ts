/**
 * Lays out every paragraph of the text view, a slice at a time while the browser is idle, after
 * the first paint, and ahead of the reader while they scroll before that has finished.
 *
 * Paragraphs start as `content-visibility: auto` (reader.css), so the first paint of a 1 MB report
 * lays out only the screen. Left that way, scrolling is what lays them out: every frame that brings
 * a paragraph into view relayouts it and the whole text column around it (and Chromium rebuilds
 * its highlight markers), which measured p95 frames of 33–50 ms with no annotations and over
 * 300 ms with 20k, and moved the scroll height as estimates turned into real heights. Once a
 * paragraph is given `content-visibility: visible` (inline, so the shared reader needs no
 * stylesheet of the reader's) it is laid out once, after which
 * scrolling only paints (p95 ≈ one frame, and the scroll height no longer moves).
 *
 * Each idle slice forces its layout inside its own idle callback and is sized from the last one,
 * so a slice costs about BUDGET_MS and never lands in a scrolling frame unannounced. The screen's
 * paragraph goes first, then those below it, then those above (scroll anchoring keeps the screen
 * still as they take their real heights).
 *
 * A scroll that outruns the idle layout (a reader who starts scrolling at once, or jumps with the
 * scrollbar) would pay that per-frame cost for the stretch it crosses. So, in the frame of a
 * scroll that is about to reach paragraphs not laid out yet, the screen's and those up to
 * AHEAD_SCREENS screens ahead in the scroll direction are laid out together, at most about
 * AHEAD_BUDGET_MS of them a frame: one relayout of the column for a run of paragraphs rather
 * than one every frame, and the frames after it scroll through laid-out text. While scrolling the idle slices wait (one forced by the
 * idle timeout would land in a scrolling frame), and afterwards go on from where the reader is.
 * That pays only where highlights are registered, since each paragraph that scrolls into view
 * then rebuilds every highlight marker: early scrolls of the 1 MB bench at 20k passages
 * (`bench:reader:early`, the build before this and this one alternating in one run, under load)
 * went from p95 183 to 117 ms and from 38 to 16 long tasks; with no passages the browser's own
 * layout of the paragraph or two a frame brings was cheaper than a batch (p95 16.8 ms against
 * 33–83 ms in an earlier run). So the caller says when (`aheadOfScroll`).
 *
 * Marks `gloss:text-laid-out` when every paragraph is laid out. Returns a function that stops.
 */
export function layOutProgressively(
  root: HTMLElement,
  /** The index of the first paragraph whose bottom is below `y` (viewport pixels). */
  paragraphAt: (y: number) => number,
  /** Whether to lay out ahead of a scroll now (see layOutAhead); the idle layout runs anyway. */
  aheadOfScroll: () => boolean = () => true,
): () => void {
  const paragraphs = root.children;
  const count = paragraphs.length;
  const done = new Uint8Array(count);
  let remaining = count;
  /** Lays out paragraph `i` unless it is; true when it was not. */
  const layOut = (i: number): boolean => {
    if (done[i]) return false;
    done[i] = 1;
    remaining -= 1;
    (paragraphs[i] as HTMLElement).style.contentVisibility = "visible";
    return true;
  };
  // The idle order: from paragraph `from` on down the text (where a reader goes next), then the
  // ones above it, nearest first; the k-th looked at is `order(k)`, and laid-out ones are skipped.
  let from = -1;
  const order = (k: number) => (k < count - from ? from + k : count - 1 - k);
  let next = 0;
  let slice = FIRST_SLICE;
  let aheadSlice = FIRST_SLICE;
  let handle = 0;
  let frame = 0;
  let stopped = false;
  let lastScroll = Number.NEGATIVE_INFINITY;
  let previousFirst = 0;
  let slices = 0;
  let busyMs = 0;
  const finished = () => {
    if (remaining > 0) return false;
    performance.mark("gloss:text-laid-out", { detail: { slices, busyMs } });
    window.removeEventListener("scroll", onScroll);
    return true;
  };
  const step = (deadline?: IdleDeadline) => {
    if (stopped) return;
    // Called by the idle timeout in the middle of a scroll: later, the scroll lays out its own.
    if (performance.now() - lastScroll < SCROLLING_MS) {
      handle = idle(step);
      return;
    }
    if (from < 0) from = Math.min(Math.max(0, paragraphAt(0)), Math.max(0, count - 1));
    // As many slices as the idle period holds (at least one, so a busy page still progresses).
    do {
      const started = performance.now();
      let laid = 0;
      while (next < count && laid < slice) if (layOut(order(next++))) laid += 1;
      // Force this slice's layout now, in the idle callback, rather than in the next frame.
      void root.offsetHeight;
      const took = performance.now() - started;
      slices += 1;
      busyMs += took;
      slice = resize(slice, took, BUDGET_MS);
    } while (next < count && (deadline?.timeRemaining() ?? 0) > BUDGET_MS);
    if (next < count) handle = idle(step);
    else finished();
  };
  /** How many paragraphs from `i` on in direction `dir` are laid out, up to `max`. */
  const runOfDone = (i: number, dir: 1 | -1, max: number) => {
    let n = 0;
    while (n < max && i >= 0 && i < count && done[i]) {
      n += 1;
      i += dir;
    }
    return n;
  };
  // In a scrolling frame: the screen and what lies ahead of it, then the idle order from there.
  const layOutAhead = () => {
    frame = 0;
    if (stopped || remaining === 0) return;
    const first = paragraphAt(0);
    const last = Math.max(first, paragraphAt(window.innerHeight));
    const down = first >= previousFirst;
    previousFirst = first;
    const screen = last - first + 1;
    const dir: 1 | -1 = down ? 1 : -1;
    const edge = down ? last : first;
    // The screen laid out and REFILL_SCREENS beyond it (or the text's end): nothing this frame.
    // Topping up the few paragraphs each frame brings would pay the column's relayout every
    // frame, which is what this is for; the next run is laid out once the last is nearly used up.
    const want = screen * REFILL_SCREENS;
    const ahead = runOfDone(edge + dir, dir, want);
    const atEnd = edge + dir * (ahead + 1) < 0 || edge + dir * (ahead + 1) >= count;
    if (runOfDone(first, 1, screen) === screen && (ahead === want || atEnd)) return;
    const started = performance.now();
    let laid = 0;
    const end = Math.min(count - 1, Math.max(0, edge + dir * screen * AHEAD_SCREENS));
    for (let i = down ? first : last; (i - end) * dir <= 0 && laid < aheadSlice; i += dir) {
      if (layOut(i)) laid += 1;
    }
    if (laid === 0) return;
    void root.offsetHeight;
    const took = performance.now() - started;
    busyMs += took;
    aheadSlice = resize(aheadSlice, took, AHEAD_BUDGET_MS);
    // The idle layout goes on from here once the scroll stops (its callback is still pending:
    // it is rescheduled for as long as paragraphs are left).
    from = first;
    next = 0;
    finished();
  };
  const onScroll = () => {
    if (!aheadOfScroll()) return;
    lastScroll = performance.now();
    frame ||= requestAnimationFrame(layOutAhead);
  };
  window.addEventListener("scroll", onScroll, { passive: true });
  handle = idle(step);
  return () => {
    stopped = true;
    cancelIdle(handle);
    cancelAnimationFrame(frame);
    window.removeEventListener("scroll", onScroll);
  };
}

/** The next slice size: the last one scaled so that it takes about `budget` ms. */
const resize = (slice: number, took: number, budget: number) =>
  Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.round((slice * budget) / (took || 1))));

/** Milliseconds of layout one idle slice aims at (well inside a 50 ms long task). */
const BUDGET_MS = 12;
/**
 * Milliseconds of layout a scrolling frame may spend ahead of the screen: with the paint of the
 * frame after it, well inside the 16.7 ms of a 60 Hz frame.
 */
const AHEAD_BUDGET_MS = 10;
/**
 * Screens ahead of the scroll laid out in one go, once fewer than REFILL_SCREENS are: at the
 * bench's fast scroll (about a third of a screen a frame) that is one frame in fifteen or so that
 * lays out, under the 5 % a p95 frame time counts.
 */
const AHEAD_SCREENS = 8;
const REFILL_SCREENS = 2;
/** Time after a scroll event during which the reader counts as scrolling. */
const SCROLLING_MS = 200;
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
