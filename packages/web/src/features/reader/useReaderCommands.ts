import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Annotation } from "../../api/types.ts";
import { useHitLink } from "../search/hitLink.ts";
import { type FindHost, useFindBar } from "./find/FindBar.tsx";
import type { HighlightLayer } from "./highlights.ts";
import type { Paragraph } from "./paragraphs.ts";
import { MAX_PASSAGE_LENGTH } from "./passages.ts";
import { nextSentence, sentenceAt } from "./sentences.ts";
import type { TextIndex } from "./textIndex.ts";
import type { NoticeState } from "./useAnnotations.ts";
import type { FocusOptions } from "./usePassageFocus.ts";
import { useShortcuts } from "./useShortcuts.ts";
import { extendByWord, trimSpace, wordFrom } from "./words.ts";

/** How long a selection must rest before a selection made without a mouse offers the codebook. */
const SELECTION_REST_MS = 350;

/** Where the tag popover is open: the passage and the popover's page position. */
export interface PopoverAt {
  start: number;
  end: number;
  top: number;
  left: number;
}

export interface ReaderCommandsHost {
  text: string;
  paragraphs: Paragraph[];
  indexRef: RefObject<TextIndex | null>;
  layerRef: RefObject<HighlightLayer | null>;
  canEdit: boolean;
  /** The passages `j`/`k` move between (the code filter's). */
  visible: Annotation[];
  focusedId: string | null;
  setFocusedId: (id: string | null) => void;
  focus: (id: string, options?: FocusOptions) => void;
  byId: (id: string) => Annotation | undefined;
  scrollToPassage: (start: number, end: number) => void;
  editingId: string | null;
  setEditingId: (id: string | null) => void;
  askDelete: (annotation: Annotation) => void;
  showHelp: () => void;
  notify: (notice: NoticeState) => void;
}

const isPending = (id: string) => id.startsWith("pending-");

/**
 * How a reader selects and tags without the mouse and with it: the tag popover for the current
 * selection (after a mouse drag, `t`, or a selection that rests), the keyboard commands (`j`/`k`
 * focus, `s`/`w`/`b`/Shift+arrows select, `e` edit, Delete, Esc, `?`), search hits (`#at=`) and
 * find in the document.
 */
export function useReaderCommands(host: ReaderCommandsHost) {
  const { text, paragraphs, indexRef, layerRef, canEdit, notify } = host;
  const [popover, setPopover] = useState<PopoverAt | null>(null);

  /** Opens the tag popover for the current selection; false when nothing in the text is selected. */
  const tagSelection = useCallback((): boolean => {
    if (!canEdit) return false;
    const index = indexRef.current;
    const selection = window.getSelection();
    if (!index || !selection || selection.isCollapsed || selection.rangeCount === 0) return false;
    const range = selection.getRangeAt(0);
    const found = index.offsetsOf(range);
    if (!found) return false;
    // A passage never starts or ends in white space (double clicks and word-wise moves add it).
    const offsets = trimSpace(text, found.start, found.end);
    if (offsets.start === offsets.end) return false;
    if (offsets.end - offsets.start > MAX_PASSAGE_LENGTH) {
      const length = (offsets.end - offsets.start).toLocaleString("en");
      notify({
        kind: "error",
        text: `This selection is ${length} characters long; a passage can hold at most ${MAX_PASSAGE_LENGTH.toLocaleString("en")}. Select less, or tag it as two passages.`,
      });
      return true;
    }
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    const width = 340;
    setPopover({
      ...offsets,
      top: last.bottom + window.scrollY + 8,
      left: Math.max(8, Math.min(last.left + window.scrollX - 40, window.innerWidth - width - 16)),
    });
    layerRef.current?.pending(offsets.start, offsets.end);
    return true;
  }, [canEdit, indexRef, layerRef, text, notify]);

  // Selections made without a mouse (touch handles, assistive technology, the browser's caret)
  // offer the codebook too: on `selectionchange`, once the selection has rested for a moment.
  // Selections the reader makes itself (s, w, Shift+arrows) wait for t, and a mouse drag for its
  // mouseup.
  const ownSelection = useRef<{ start: number; end: number } | null>(null);
  const pointerDown = useRef(false);
  const popoverAt = useRef<{ start: number; end: number } | null>(null);
  popoverAt.current = popover;
  useEffect(() => {
    if (!canEdit) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      if (pointerDown.current) return;
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const found = indexRef.current?.offsetsOf(selection.getRangeAt(0));
      if (!found) return;
      const at = trimSpace(text, found.start, found.end);
      const own = ownSelection.current;
      if (own && own.start === at.start && own.end === at.end) return;
      const shown = popoverAt.current;
      if (shown && shown.start === at.start && shown.end === at.end) return;
      tagSelection();
    };
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(check, SELECTION_REST_MS);
    };
    const onDown = (event: PointerEvent) => {
      if (event.pointerType === "mouse") pointerDown.current = true;
    };
    const onUp = () => {
      pointerDown.current = false;
    };
    document.addEventListener("selectionchange", onChange);
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("pointerup", onUp);
    document.addEventListener("pointercancel", onUp);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onChange);
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("pointerup", onUp);
      document.removeEventListener("pointercancel", onUp);
    };
  }, [canEdit, indexRef, text, tagSelection]);

  const closePopover = useCallback(() => {
    setPopover(null);
    layerRef.current?.clearPending();
  }, [layerRef]);

  useEffect(() => {
    if (!popover) return;
    const onDown = (event: MouseEvent) => {
      if (!(event.target as HTMLElement).closest(".popover")) closePopover();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [popover, closePopover]);

  /** Selects `[start, end)` in the DOM, as if the reader had dragged over it. */
  function select(start: number, end: number) {
    const range = indexRef.current?.liveRange(start, end);
    const selection = window.getSelection();
    if (!range || !selection) return;
    ownSelection.current = { start, end };
    selection.removeAllRanges();
    selection.addRange(range);
    const rect = range.getBoundingClientRect();
    if (rect.bottom > window.innerHeight - 40 || rect.top < 60) host.scrollToPassage(start, end);
  }

  function currentSelection(): { start: number; end: number } | null {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    return indexRef.current?.offsetsOf(selection.getRangeAt(0)) ?? null;
  }

  /** Where keyboard selection starts: after the focused annotation, or the top of the window. */
  function readingPosition(): number {
    const focused = host.focusedId ? host.byId(host.focusedId) : undefined;
    if (focused) return focused.end;
    const index = indexRef.current;
    if (!index || paragraphs.length === 0) return 0;
    return paragraphs[index.firstVisibleParagraph(70)]!.start;
  }

  function moveFocus(step: 1 | -1) {
    const { visible, focusedId } = host;
    if (visible.length === 0) return;
    const at = focusedId ? visible.findIndex((a) => a.id === focusedId) : -1;
    let next: number;
    if (at === -1) {
      const position = readingPosition();
      next =
        step === 1
          ? Math.max(
              0,
              visible.findIndex((a) => a.start >= position),
            )
          : visible.length - 1;
    } else next = Math.min(visible.length - 1, Math.max(0, at + step));
    host.focus(visible[next]!.id, { scroll: true });
  }

  /** A one-word selection at the word after (1) or before (-1) the selection's start. */
  function selectWord(step: 1 | -1) {
    const current = currentSelection();
    const from = current ? current.start + (step === 1 ? 1 : 0) : readingPosition();
    const word = wordFrom(text, paragraphs, from, step);
    if (word) select(word.start, word.end);
  }

  /** Extends or shrinks the selection by a word; with none, selects the word to start from. */
  function extendWord(step: 1 | -1) {
    const current = currentSelection();
    if (!current) return selectWord(1);
    const next = extendByWord(text, paragraphs, current, step);
    select(next.start, next.end);
  }

  /**
   * The sentence `s` selects: the one at the reading position, or, after a focused passage, the
   * rest of its sentence (or the next one), never the focused passage itself again.
   */
  function sentenceToSelect() {
    const position = readingPosition();
    const sentence = sentenceAt(text, paragraphs, position);
    if (!sentence || !host.focusedId || sentence.start >= position) return sentence;
    // The focused passage ends inside this sentence: the rest of it, when it has words.
    const rest = trimSpace(text, position, sentence.end);
    if (/[\p{L}\p{N}]/u.test(text.slice(rest.start, rest.end))) return rest;
    return nextSentence(text, paragraphs, sentence.end);
  }

  useShortcuts({
    j: () => moveFocus(1),
    k: () => moveFocus(-1),
    t: () => {
      if (!canEdit) {
        notify({
          kind: "info",
          text: "You can read this workspace's documents, not annotate them.",
        });
      } else if (!tagSelection()) {
        notify({
          kind: "info",
          text: "Select a passage first: drag over it, or press s to select a sentence.",
        });
      }
    },
    e: () => {
      const { focusedId } = host;
      if (canEdit && focusedId && !isPending(focusedId)) host.setEditingId(focusedId);
    },
    del: () => {
      const focused = host.focusedId ? host.byId(host.focusedId) : undefined;
      if (canEdit && focused && !isPending(focused.id)) host.askDelete(focused);
    },
    s: () => {
      const current = currentSelection();
      if (current) {
        const next = nextSentence(text, paragraphs, current.end);
        if (next) select(current.start, next.end);
        return;
      }
      const sentence = sentenceToSelect();
      if (sentence) select(sentence.start, sentence.end);
    },
    "Shift+S": () => {
      const current = currentSelection();
      if (!current) return;
      const last = sentenceAt(text, paragraphs, current.end - 1);
      if (!last || last.start <= current.start) return;
      let end = last.start;
      while (end > current.start && /\s/.test(text[end - 1]!)) end--;
      select(current.start, end);
    },
    w: () => selectWord(1),
    b: () => selectWord(-1),
    "Shift+ArrowRight": () => extendWord(1),
    "Shift+ArrowLeft": () => extendWord(-1),
    esc: () => {
      if (popover) closePopover();
      else if (host.editingId) host.setEditingId(null);
      else if (!window.getSelection()?.isCollapsed) window.getSelection()?.removeAllRanges();
      else host.setFocusedId(null);
    },
    "?": () => host.showHelp(),
  });

  // Search hits: #at=<start>-<end> scrolls to the hit, flashes it and selects it, ready to tag.
  useHitLink((start, end) => {
    if (end > text.length) return;
    select(start, end);
    host.scrollToPassage(start, end);
    layerRef.current?.flash(start, end);
  });

  // Find in the document (Ctrl/Cmd+F): its own module, given the reader's range, scroll and tag.
  const find = useFindBar();
  const tagHit = useRef((_start: number, _end: number) => {});
  tagHit.current = (start, end) => {
    select(start, end);
    tagSelection();
  };
  const { scrollToPassage } = host;
  const findHost = useMemo<FindHost>(
    () => ({
      text,
      rangeOf: (start, end) => indexRef.current?.range(start, end) ?? null,
      scrollTo: scrollToPassage,
      tag: canEdit ? (start, end) => tagHit.current(start, end) : undefined,
    }),
    [text, indexRef, scrollToPassage, canEdit],
  );

  function onTextMouseUp() {
    // After the browser has finished updating the selection.
    setTimeout(() => tagSelection(), 0);
  }

  return { popover, closePopover, onTextMouseUp, find, findHost };
}
