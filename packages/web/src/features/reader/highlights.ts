import type { Annotation, Tag } from "../../api/types.ts";
import { OverlapMarkers } from "./overlapMarkers.ts";
import { multiCodeStretches } from "./overlaps.ts";
import { MAX_PASSAGE_LENGTH } from "./passages.ts";
import type { TextIndex } from "./textIndex.ts";

/** Whether this browser paints CSS Custom Highlights; without them the text view wraps <mark>s. */
export const supportsHighlights =
  typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";

const PREFIX = "gloss-";
const NOTE_ONLY = `${PREFIX}note`;
const MULTI = `${PREFIX}multi`;
const FOCUS = `${PREFIX}focus`;
const FLASH = `${PREFIX}flash`;
const PENDING = `${PREFIX}pending`;

/**
 * Highlight opacity: translucent enough that two or three codes over the same words still show
 * every colour and the black text stays at AA contrast on the mix.
 */
export const HIGHLIGHT_ALPHA = 0.3;

const tagName = (id: string) => `${PREFIX}t-${id}`;

/** What painting needs of an annotation; a shared link's passages carry no more than this. */
export type Passage = Pick<Annotation, "id" | "start" | "end" | "tags"> & {
  status?: Annotation["status"];
};

/** `#rrggbb` → `rgb(r g b / a)`; anything else becomes grey (colours reach CSS text here). */
export function translucent(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgb(128 128 128 / ${alpha})`;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => Number.parseInt(h, 16));
  return `rgb(${r} ${g} ${b} / ${alpha})`;
}

/**
 * The attribute that marks the paragraphs whose passages are registered (the band around the
 * screen, useHighlightLayer): the codes' `::highlight()` rules apply to those paragraphs only.
 *
 * Chromium computes every `::highlight()` rule's pseudo style for every element the rule matches,
 * at every full style recalc: a universal rule per code over the ~1,700 paragraphs of a 1 MB report
 * made the first paint's style recalc ~37k styles and ~380 ms (against ~120 ms without them), the
 * bulk of "data loaded → highlights painted". Scoped to the band, it is ~30 paragraphs per rule,
 * and moving the band restyles only the paragraphs entering or leaving it.
 */
export const BAND_ATTRIBUTE = "data-hl";
/** The selector of the band's paragraphs, for every `::highlight()` rule of the text. */
export const BAND = `.doc-text > [${BAND_ATTRIBUTE}]`;

/**
 * The `::highlight()` rules for a codebook: one per code, plus the reader's own layers, all
 * painting in the band's paragraphs only (BAND_ATTRIBUTE). The band always covers the screen (it
 * follows scrolling before the frame paints), so whatever is on screen is painted, including a
 * focused or flashed passage that was just scrolled to.
 */
export function highlightCss(tags: Tag[]): string {
  const rules = tags
    .filter((tag) => /^[a-z0-9-]+$/.test(tag.id))
    .map(
      (tag) =>
        `${BAND}::highlight(${tagName(tag.id)}) { background-color: ${translucent(tag.color, HIGHLIGHT_ALPHA)}; }`,
    );
  rules.push(
    `${BAND}::highlight(${NOTE_ONLY}) { background-color: rgb(120 120 120 / 0.22); }`,
    `${BAND}::highlight(${MULTI}) { text-decoration: underline double #1b1f24; text-decoration-thickness: 1px; text-underline-offset: 3px; }`,
    `${BAND}::highlight(${FOCUS}) { background-color: rgb(255 214 10 / 0.35); text-decoration: underline solid #1a1a1a; text-decoration-thickness: 2px; text-underline-offset: 3px; }`,
    `${BAND}::highlight(${FLASH}) { background-color: rgb(255 196 0 / 0.75); }`,
    `${BAND}::highlight(${PENDING}) { background-color: rgb(60 110 200 / 0.28); }`,
  );
  return rules.join("\n");
}

interface Entry {
  annotation: Passage;
  /** Built when the passage first comes near the viewport. */
  range: StaticRange | null;
  /** Whether its range is in the registered highlights now. */
  attached: boolean;
}

/** Longest passage the API accepts, so a window query can stop early. */
const MAX_PASSAGE = MAX_PASSAGE_LENGTH;

/**
 * The reader's highlights as CSS Custom Highlights: one `Highlight` per code registered in
 * `CSS.highlights`. The text DOM is never touched, so adding or removing an annotation costs one
 * range, not a re-render of the text.
 *
 * Only passages in a window around the viewport are registered. Chromium turns every registered
 * range into a document marker again whenever any highlight changes, so with all 5,000 passages
 * of a long report registered, each new annotation cost ~30 ms before it could paint; with the
 * few hundred near the viewport it costs ~1 ms. The window follows scrolling (`setWindow`), in
 * steps: useHighlightLayer moves it only when the viewport nears its edge or scrolling settles,
 * because every move makes Chromium rebuild the markers of every registered range.
 */
export class HighlightLayer {
  private entries = new Map<string, Entry>();
  /** The entries whose ranges are registered: a window move visits these, not all passages. */
  private attached = new Set<Entry>();
  private order: Passage[] = [];
  private window = { start: 0, end: Number.POSITIVE_INFINITY };
  private byTag = new Map<string, Highlight>();
  private noteOnly = new Highlight();
  private multi = new Highlight();
  private filter: string | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private overlapMarkers = new OverlapMarkers();
  private markersStale = false;
  private multiTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private index: TextIndex) {
    this.noteOnly.priority = 0;
    this.multi.priority = 5;
    CSS.highlights.set(NOTE_ONLY, this.noteOnly);
    CSS.highlights.set(MULTI, this.multi);
  }

  private inWindow(a: Passage): boolean {
    return a.start < this.window.end && a.end > this.window.start;
  }

  /**
   * Brings the highlights in line with `annotations` (in text order). Unchanged annotation
   * objects are skipped, so after the first call each change costs only what changed.
   */
  sync(annotations: Passage[]): void {
    this.order = annotations;
    const seen = new Set<string>();
    let changed = false;
    for (const annotation of annotations) {
      seen.add(annotation.id);
      const entry = this.entries.get(annotation.id);
      if (entry?.annotation === annotation) continue;
      changed = true;
      if (entry) this.detach(entry);
      const samePlace =
        entry &&
        entry.annotation.start === annotation.start &&
        entry.annotation.end === annotation.end;
      const next: Entry = { annotation, range: samePlace ? entry.range : null, attached: false };
      this.entries.set(annotation.id, next);
      for (const tag of annotation.tags) this.highlightOf(tag);
      // Orphaned passages (lost in a new text version) are listed, never highlighted.
      if (this.inWindow(annotation) && annotation.status !== "orphaned") this.attach(next);
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      changed = true;
      this.detach(entry);
      this.entries.delete(id);
    }
    if (changed) {
      // Markers outside the window may now be wrong: the next marking drops them.
      this.markersStale = true;
      this.markMultiCodeSoon();
    }
  }

  /** Registers the passages that meet `[start, end)` and unregisters the others. */
  setWindow(start: number, end: number): void {
    if (start === this.window.start && end === this.window.end) return;
    this.window = { start, end };
    const keep = new Set<Entry>();
    // Annotations are in start order: skip those that end before the window, stop after it.
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid]!.start < start - MAX_PASSAGE) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.order.length && this.order[i]!.start < end; i++) {
      const entry = this.entries.get(this.order[i]!.id);
      const a = entry?.annotation;
      if (entry && a && this.inWindow(a) && a.status !== "orphaned") keep.add(entry);
    }
    // Only the passages leaving or entering the window change; their ranges are built once.
    for (const entry of this.attached) if (!keep.has(entry)) this.detach(entry);
    for (const entry of keep) if (!entry.attached) this.attach(entry);
    this.markMultiCode();
  }

  /**
   * The multi-code marker is recomputed over the window, so after the first paint it is deferred
   * a little: a new highlight shows first, its marker a moment later.
   */
  private markMultiCodeSoon(): void {
    if (this.multi.size === 0 && !this.multiTimer) {
      this.markMultiCode();
      return;
    }
    clearTimeout(this.multiTimer);
    this.multiTimer = setTimeout(() => {
      this.multiTimer = undefined;
      this.markMultiCode();
    }, 50);
  }

  private highlightOf(tag: string): Highlight {
    let highlight = this.byTag.get(tag);
    if (!highlight) {
      highlight = new Highlight();
      highlight.priority = 1;
      this.byTag.set(tag, highlight);
      if (this.filter === null || this.filter === tag) CSS.highlights.set(tagName(tag), highlight);
    }
    return highlight;
  }

  private attach(entry: Entry): void {
    const { annotation } = entry;
    entry.range ??= this.index.range(annotation.start, annotation.end);
    if (!entry.range) return;
    entry.attached = true;
    this.attached.add(entry);
    if (annotation.tags.length === 0) this.noteOnly.add(entry.range);
    for (const tag of annotation.tags) this.highlightOf(tag).add(entry.range);
  }

  private detach(entry: Entry): void {
    if (!entry.attached || !entry.range) return;
    entry.attached = false;
    this.attached.delete(entry);
    this.noteOnly.delete(entry.range);
    for (const tag of entry.annotation.tags) this.byTag.get(tag)?.delete(entry.range);
  }

  private markMultiCode(): void {
    this.multi.clear();
    const spans = this.filter === null ? [...this.attached].map((e) => e.annotation) : [];
    const stretches = multiCodeStretches(spans);
    for (const [start, end] of stretches) {
      const range = this.index.range(start, end);
      if (range) this.multi.add(range);
    }
    this.overlapMarkers.show(
      this.index,
      spans,
      stretches,
      this.window,
      !this.markersStale && this.filter === null,
    );
    this.markersStale = false;
  }

  /** The codes' names, for the overlap markers in the margin (id → name). */
  setCodeNames(names: Map<string, string>): void {
    this.overlapMarkers.names = names;
    this.markMultiCode();
  }

  /** Shows only the highlights of one code (null: all). */
  setFilter(tag: string | null): void {
    if (tag === this.filter) return;
    this.filter = tag;
    for (const [id, highlight] of this.byTag) {
      if (tag === null || id === tag) CSS.highlights.set(tagName(id), highlight);
      else CSS.highlights.delete(tagName(id));
    }
    if (tag === null) CSS.highlights.set(NOTE_ONLY, this.noteOnly);
    else CSS.highlights.delete(NOTE_ONLY);
    this.markMultiCode();
  }

  /** Underlines the focused annotation (null: none). */
  focus(id: string | null): void {
    const entry = id ? this.entries.get(id) : undefined;
    if (entry) entry.range ??= this.index.range(entry.annotation.start, entry.annotation.end);
    const range = entry?.range;
    if (range) {
      const highlight = new Highlight(range);
      highlight.priority = 10;
      CSS.highlights.set(FOCUS, highlight);
    } else CSS.highlights.delete(FOCUS);
  }

  /** Flashes a passage twice, for deep links and jumps. */
  flash(start: number, end: number): void {
    const range = this.index.range(start, end);
    if (!range) return;
    clearTimeout(this.flashTimer);
    const highlight = new Highlight(range);
    highlight.priority = 20;
    const steps = [true, false, true, false];
    const step = (i: number) => {
      if (steps[i]) CSS.highlights.set(FLASH, highlight);
      else CSS.highlights.delete(FLASH);
      if (i + 1 < steps.length) this.flashTimer = setTimeout(() => step(i + 1), 350);
    };
    step(0);
  }

  /** Shows the passage being tagged while the popover has the focus (null: none). */
  pending(start: number, end: number): void {
    const range = this.index.range(start, end);
    if (range) CSS.highlights.set(PENDING, new Highlight(range));
  }

  clearPending(): void {
    CSS.highlights.delete(PENDING);
  }

  /** Unregisters everything (the reader is leaving). */
  dispose(): void {
    clearTimeout(this.flashTimer);
    clearTimeout(this.multiTimer);
    this.overlapMarkers.clear();
    for (const name of [...CSS.highlights.keys()]) {
      if (name.startsWith(PREFIX)) CSS.highlights.delete(name);
    }
  }
}
