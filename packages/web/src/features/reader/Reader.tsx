import {
  type MouseEvent as ReactMouseEvent,
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { ApiError, describeError } from "../../api/client.ts";
import type { Annotation, Tag } from "../../api/types.ts";
import { passagePath } from "../../app/paths.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { TopBar } from "../../components/Layout.tsx";
import { Notice, type NoticeAction } from "../../components/Notice.tsx";
import { copyText } from "../../components/ShownOnce.tsx";
import { ExportMenu } from "../findings/ExportMenu.tsx";
import { formatDate } from "../library/DocumentRow.tsx";
import { MetadataDialog } from "../library/MetadataDialog.tsx";
import { useConsensusLink } from "../rounds/useConsensusLink.ts";
import { useHitLink } from "../search/hitLink.ts";
import { ShareButton } from "../share/ShareButton.tsx";
import { NewVersionDialog, type NewVersionResult } from "../upload/NewVersionDialog.tsx";
import { afterPaint } from "./afterPaint.ts";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "./api.ts";
import { annHash, useDeepLink } from "./deepLink.ts";
import { FindBar, type FindHost, useFindBar } from "./find/FindBar.tsx";
import { supportsHighlights } from "./highlights.ts";
import { ListToggle } from "./ListToggle.tsx";
import { pageMarkers } from "./pages.ts";
import { splitParagraphs } from "./paragraphs.ts";
import { countByTag, innermostAt, MAX_PASSAGE_LENGTH, withTag } from "./passages.ts";
import type { ReaderData, VersionApplied } from "./ReaderPage.tsx";
import { ShortcutHelp } from "./ShortcutHelp.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { nextSentence, sentenceAt } from "./sentences.ts";
import { TagPopover } from "./TagPopover.tsx";
import { TextView } from "./TextView.tsx";
import { scrollRangeIntoView } from "./textRanges.ts";
import { useHighlightLayer } from "./useHighlightLayer.ts";
import { useShortcuts } from "./useShortcuts.ts";
import { extendByWord, trimSpace, wordFrom } from "./words.ts";
import "./reader.css";
import { ProvenancePanel } from "../provenance/ProvenancePanel.tsx";

/** Text order: by start, then end, then id, as the API lists them. */
function byPosition(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Inserts into a sorted list with one binary search instead of a full sort. */
function insertSorted(list: Annotation[], item: Annotation): Annotation[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPosition(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), item, ...list.slice(lo)];
}

interface NoticeState {
  kind: "error" | "info";
  text: string;
  action?: NoticeAction;
}

/** How long a selection must rest before a selection made without a mouse offers the codebook. */
const SELECTION_REST_MS = 350;

/** How long "Undo" is offered after a delete. */
const UNDO_MS = 10_000;

let pendingSeq = 0;

/**
 * The reader: the text with highlights and page numbers, the tag popover, and the sidebar of
 * annotations with the orphaned ones apart. Viewers get it read-only.
 */
export function Reader({
  data,
  applied,
  onDismissApplied,
  onNewVersion,
}: {
  data: ReaderData;
  /** The new version just applied, whose counts are shown above the text. */
  applied: VersionApplied | null;
  onDismissApplied: () => void;
  onNewVersion: (result: NewVersionResult) => void;
}) {
  const { ws, me, text } = data;
  // Its details can be corrected here; the text cannot.
  const [doc, setDoc] = useState(data.document);
  const [editingDetails, setEditingDetails] = useState(false);
  const canEdit = data.role !== "viewer";
  // Orphaned annotations point into an earlier version: listed apart, never highlighted.
  const [annotations, setAnnotations] = useState(() =>
    data.annotations.filter((a) => a.status !== "orphaned").sort(byPosition),
  );
  const [orphans, setOrphans] = useState(() =>
    data.annotations.filter((a) => a.status === "orphaned"),
  );
  const [orphansOpen, setOrphansOpen] = useState(false);
  const [versioning, setVersioning] = useState(false);
  const [codebook] = useState<Tag[]>(data.tags);
  const tags = useMemo(() => new Map(codebook.map((t) => [t.id, t])), [codebook]);
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  const pages = useMemo(
    () => pageMarkers(paragraphs, data.pageStarts),
    [paragraphs, data.pageStarts],
  );
  // Reading time at ~230 words a minute; counted once, the text is long.
  const minutes = useMemo(() => Math.max(1, Math.round(text.split(/\s+/).length / 230)), [text]);
  const [filter, setFilter] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [popover, setPopover] = useState<{
    start: number;
    end: number;
    top: number;
    left: number;
  } | null>(null);
  const [deleting, setDeleting] = useState<Annotation | null>(null);
  const [help, setHelp] = useState(false);
  // Narrow screens only: the annotation list drawer.
  const [listOpen, setListOpen] = useState(false);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  // What a screen reader hears after a create, a delete or a filter (a polite live region).
  const [announcement, setAnnouncement] = useState("");

  const textRef = useRef<HTMLDivElement>(null);

  const { indexRef, layerRef } = useHighlightLayer(
    textRef,
    text,
    paragraphs,
    codebook,
    annotations,
  );

  useLayoutEffect(() => layerRef.current?.setFilter(filter), [layerRef, filter]);
  useLayoutEffect(() => layerRef.current?.focus(focusedId), [layerRef, focusedId]);

  // The sidebar follows a frame later than the highlights: a new highlight paints at once.
  const listed = useDeferredValue(annotations);
  const visible = useMemo(() => withTag(annotations, filter), [annotations, filter]);
  const counts = useMemo(() => countByTag(listed), [listed]);
  const listedVisible = useMemo(() => withTag(listed, filter), [listed, filter]);

  const byId = useCallback((id: string) => annotations.find((a) => a.id === id), [annotations]);

  /** Scrolls a passage to the upper third of the window. */
  const scrollToPassage = useCallback(
    (start: number, end: number) => {
      const index = indexRef.current;
      if (index) scrollRangeIntoView(index, start, end);
    },
    [indexRef],
  );

  const focusAnnotation = useCallback(
    (id: string, options: { scroll?: boolean; flash?: boolean } = {}) => {
      const annotation = annotations.find((a) => a.id === id);
      if (!annotation) return;
      setFocusedId(id);
      if (options.scroll) scrollToPassage(annotation.start, annotation.end);
      if (options.flash) layerRef.current?.flash(annotation.start, annotation.end);
      if (!id.startsWith("pending-")) window.history.replaceState(null, "", annHash(id));
    },
    [annotations, scrollToPassage, layerRef],
  );

  // Cards are memoised: give them a callback that stays the same while annotations change.
  const focusRef = useRef(focusAnnotation);
  focusRef.current = focusAnnotation;
  const focusFromCard = useCallback(
    (id: string) => focusRef.current(id, { scroll: true, flash: true }),
    [],
  );

  useConsensusLink(ws, doc.id, setNotice);
  // Deep links: #ann=<id> scrolls to the passage and flashes it, on load and on hash changes.
  useDeepLink((id) => {
    if (annotations.some((a) => a.id === id)) {
      focusAnnotation(id, { scroll: true, flash: true });
    } else if (orphans.some((a) => a.id === id)) {
      setOrphansOpen(true);
      setNotice({
        kind: "info",
        text: "The linked passage is not in the current version of the text; its annotation is listed under Orphaned.",
      });
    } else {
      setNotice({ kind: "error", text: "The linked passage no longer exists in this document." });
    }
  });

  // Search hits: #at=<start>-<end> scrolls to the hit, flashes it and selects it, ready to tag.
  useHitLink((start, end) => {
    if (end > text.length) return;
    select(start, end);
    scrollToPassage(start, end);
    layerRef.current?.flash(start, end);
  });

  // Find in the document (Ctrl/Cmd+F): its own module, given the reader's range, scroll and tag.
  const find = useFindBar();
  const tagHit = useRef((start: number, end: number) => {
    select(start, end);
    tagSelection();
  });
  tagHit.current = (start, end) => {
    select(start, end);
    tagSelection();
  };
  const findHost = useMemo<FindHost>(
    () => ({
      text,
      rangeOf: (start, end) => indexRef.current?.range(start, end) ?? null,
      scrollTo: scrollToPassage,
      tag: canEdit ? (start, end) => tagHit.current(start, end) : undefined,
    }),
    [text, indexRef, scrollToPassage, canEdit],
  );

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
      setNotice({
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
  }, [canEdit, indexRef, layerRef, text]);

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

  async function create(start: number, end: number, tagIds: string[], note: string) {
    performance.mark("gloss:create-start");
    const now = new Date().toISOString();
    pendingSeq += 1;
    const temp: Annotation = {
      id: `pending-${pendingSeq}`,
      workspaceId: ws,
      documentId: doc.id,
      start,
      end,
      exact: text.slice(start, end),
      prefix: "",
      suffix: "",
      tags: tagIds,
      note,
      createdBy: me.user.id,
      createdAt: now,
      updatedAt: now,
      version: 0,
      status: "anchored",
      textVersion: doc.textVersion,
    };
    // Shown at once, painted by the highlight layer in this very task, before React renders the
    // sidebar (a transition, which yields to the frame); replaced by the server's annotation, or
    // taken back if the server refuses. The layer's later sync finds the same object and skips it.
    layerRef.current?.sync(insertSorted(annotations, temp));
    performance.mark("gloss:create-synced");
    afterPaint(() => performance.mark("gloss:create-visible"));
    startTransition(() => setAnnotations((list) => insertSorted(list, temp)));
    closePopover();
    window.getSelection()?.removeAllRanges();
    try {
      const saved = await createAnnotation(ws, doc.id, {
        start,
        end,
        exact: temp.exact,
        tags: tagIds,
        ...(note ? { note } : {}),
      });
      performance.mark("gloss:create-saved");
      // In the insert's lane, so it is applied after the insert, never to a list without it.
      startTransition(() => {
        setAnnotations((list) => list.map((a) => (a.id === temp.id ? saved : a)));
        setFocusedId(saved.id);
      });
      setAnnouncement(`Passage tagged ${tagNames(saved.tags)}.`);
    } catch (error) {
      startTransition(() => setAnnotations((list) => list.filter((a) => a.id !== temp.id)));
      setNotice({ kind: "error", text: `The annotation was not saved: ${describeError(error)}` });
    }
  }

  const save = useCallback(
    async (annotation: Annotation, change: { tags: string[]; note: string }) => {
      try {
        const saved = await updateAnnotation(ws, annotation.id, {
          ...change,
          version: annotation.version,
        });
        setAnnotations((list) => list.map((a) => (a.id === saved.id ? saved : a)));
        setEditingId(null);
      } catch (error) {
        const current = error instanceof ApiError ? error.details?.current : undefined;
        if (error instanceof ApiError && error.code === "annotation.version_conflict" && current) {
          const fresh = current as Annotation;
          setAnnotations((list) => list.map((a) => (a.id === fresh.id ? fresh : a)));
          setEditingId(null);
          setNotice({
            kind: "error",
            text: "Someone changed this annotation meanwhile. Their version is shown; edit it again to apply your change.",
          });
        } else {
          setNotice({ kind: "error", text: `The change was not saved: ${describeError(error)}` });
        }
      }
    },
    [ws],
  );

  async function confirmDelete(choice: string | null) {
    const annotation = deleting;
    setDeleting(null);
    if (!choice || !annotation) return;
    try {
      await deleteAnnotation(ws, annotation.id);
      setAnnotations((list) => list.filter((a) => a.id !== annotation.id));
      setOrphans((list) => list.filter((a) => a.id !== annotation.id));
      setFocusedId((f) => (f === annotation.id ? null : f));
      setAnnouncement("Annotation deleted.");
      // An orphaned passage points into an older text: it cannot be placed again.
      if (annotation.status === "orphaned") return;
      const restore = () =>
        void create(annotation.start, annotation.end, annotation.tags, annotation.note);
      setNotice({
        kind: "info",
        text: "Annotation deleted.",
        action: { label: "Undo", run: restore },
      });
      setTimeout(() => setNotice((n) => (n?.action?.run === restore ? null : n)), UNDO_MS);
    } catch (error) {
      setNotice({ kind: "error", text: `The annotation was not deleted: ${describeError(error)}` });
    }
  }

  const copyLink = useCallback(
    (annotation: Annotation) => {
      const url = `${window.location.origin}${passagePath(doc.id, annotation.id, ws)}`;
      void copyText(url).then((copied) =>
        setNotice({
          kind: "info",
          text: copied ? "Link to the passage copied." : `Link to the passage: ${url}`,
        }),
      );
    },
    [doc.id, ws],
  );

  const authorName = useCallback(
    (userId: string) =>
      userId === me.user.id
        ? me.user.name
        : data.members
          ? (data.members.get(userId) ?? "a former member")
          : userId,
    [me, data.members],
  );

  function tagNames(ids: string[]): string {
    const names = ids.map((id) => tags.get(id)?.label ?? id);
    return names.length ? names.join(", ") : "with a note";
  }

  function changeFilter(tag: string | null) {
    setFilter(tag);
    const shown = withTag(annotations, tag).length;
    const what = `${shown} annotation${shown === 1 ? "" : "s"}`;
    setAnnouncement(tag ? `Showing ${what} coded ${tagNames([tag])}.` : `Showing all ${what}.`);
  }

  /** Selects `[start, end)` in the DOM, as if the reader had dragged over it. */
  function select(start: number, end: number) {
    const range = indexRef.current?.liveRange(start, end);
    const selection = window.getSelection();
    if (!range || !selection) return;
    ownSelection.current = { start, end };
    selection.removeAllRanges();
    selection.addRange(range);
    const rect = range.getBoundingClientRect();
    if (rect.bottom > window.innerHeight - 40 || rect.top < 60) scrollToPassage(start, end);
  }

  function currentSelection(): { start: number; end: number } | null {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    return indexRef.current?.offsetsOf(selection.getRangeAt(0)) ?? null;
  }

  /** Where keyboard selection starts: after the focused annotation, or the top of the window. */
  function readingPosition(): number {
    const focused = focusedId ? byId(focusedId) : undefined;
    if (focused) return focused.end;
    const index = indexRef.current;
    if (!index || paragraphs.length === 0) return 0;
    return paragraphs[index.firstVisibleParagraph(70)]!.start;
  }

  function moveFocus(step: 1 | -1) {
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
    focusAnnotation(visible[next]!.id, { scroll: true });
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
    if (!sentence || !focusedId || sentence.start >= position) return sentence;
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
        setNotice({
          kind: "info",
          text: "You can read this workspace's documents, not annotate them.",
        });
      } else if (!tagSelection()) {
        setNotice({
          kind: "info",
          text: "Select a passage first: drag over it, or press s to select a sentence.",
        });
      }
    },
    e: () => {
      if (canEdit && focusedId && !focusedId.startsWith("pending-")) setEditingId(focusedId);
    },
    del: () => {
      const focused = focusedId ? byId(focusedId) : undefined;
      if (canEdit && focused && !focused.id.startsWith("pending-")) setDeleting(focused);
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
      else if (editingId) setEditingId(null);
      else if (!window.getSelection()?.isCollapsed) window.getSelection()?.removeAllRanges();
      else setFocusedId(null);
    },
    "?": () => setHelp(true),
  });

  function onTextMouseUp() {
    // After the browser has finished updating the selection.
    setTimeout(() => tagSelection(), 0);
  }

  function onTextClick(event: ReactMouseEvent) {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const offset = indexRef.current?.offsetAtPoint(event.clientX, event.clientY);
    if (offset == null) return;
    const best = innermostAt(visible, offset);
    if (best) focusAnnotation(best.id);
    else setFocusedId(null);
  }

  const marks = supportsHighlights ? undefined : { annotations: visible, tags };

  return (
    <>
      <TopBar>
        <ExportMenu ws={ws} documentId={doc.id} />
        {canEdit && <ShareButton ws={ws} docId={doc.id} codebook={codebook} />}
        {canEdit && (
          <button type="button" className="quiet" onClick={() => setVersioning(true)}>
            Upload new version…
          </button>
        )}
        {!canEdit && <span className="read-only-badge">Read only</span>}
        <button type="button" className="quiet" onClick={() => setHelp(true)}>
          Shortcuts <kbd>?</kbd>
        </button>
      </TopBar>
      {find.open && <FindBar host={findHost} onClose={() => find.setOpen(false)} />}
      <div className="reader">
        <main className="reader-main">
          <header className="doc-head">
            <h1 dir="auto">{doc.title}</h1>
            <p className="doc-meta">
              {doc.sourceUrl && (
                <a href={doc.sourceUrl} rel="noopener noreferrer" target="_blank">
                  {doc.sourceUrl}
                </a>
              )}
              {doc.publishedAt && <span>{formatDate(doc.publishedAt)}</span>}
              {doc.pageCount !== null && (
                <span>
                  {doc.pageCount} page{doc.pageCount === 1 ? "" : "s"}
                </span>
              )}
              {doc.textVersion > 1 && <span>version {doc.textVersion}</span>}
              <span>{minutes} min read</span>
              {canEdit && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setEditingDetails(true)}
                >
                  Edit details
                </button>
              )}
            </p>
            <ProvenancePanel key={doc.textVersion} ws={ws} docId={doc.id} />
            {applied && (
              <p className="version-result" role="status">
                <strong>Version {applied.version} is now the current text.</strong>
                <span>
                  moved {applied.counts.moved} · unchanged {applied.counts.unchanged} · orphaned{" "}
                  {applied.counts.orphaned}
                </span>
                <button type="button" className="quiet" onClick={onDismissApplied}>
                  Dismiss
                </button>
              </p>
            )}
          </header>
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard path is j/k and s/t */}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: text selection is the interaction */}
          <div onMouseUp={onTextMouseUp} onClick={onTextClick}>
            <TextView
              ref={textRef}
              text={text}
              paragraphs={paragraphs}
              marks={marks}
              pages={pages}
            />
          </div>
          {text.length === 0 && <p className="empty">This document has no text.</p>}
        </main>
        <Sidebar
          annotations={listedVisible}
          total={listed.length}
          counts={counts}
          codebook={codebook}
          tags={tags}
          authorName={authorName}
          filter={filter}
          onFilter={changeFilter}
          focusedId={focusedId}
          editingId={editingId}
          onFocus={focusFromCard}
          onEdit={setEditingId}
          onSave={save}
          onDelete={setDeleting}
          onCopyLink={copyLink}
          pageStarts={data.pageStarts}
          readOnly={!canEdit}
          orphans={orphans}
          orphansOpen={orphansOpen}
          onOrphansToggle={setOrphansOpen}
          open={listOpen}
          history={{
            ws,
            docId: doc.id,
            onRestored: (restored) =>
              setAnnotations((list) =>
                [...list, restored].sort((a, b) => a.start - b.start || a.end - b.end),
              ),
          }}
        />
      </div>
      <ListToggle open={listOpen} count={listed.length} onToggle={setListOpen} />
      {popover && (
        <TagPopover
          tags={codebook}
          quote={text.slice(popover.start, popover.end)}
          position={popover}
          onClose={closePopover}
          onSave={(picked, note) => void create(popover.start, popover.end, picked, note)}
        />
      )}
      {notice && <Notice key={notice.text} {...notice} onDismiss={() => setNotice(null)} />}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete this annotation?"
          choices={[{ label: "Delete annotation", value: "delete", danger: true }]}
          onClose={confirmDelete}
        >
          <p className="dialog-quote" dir="auto">
            “{deleting.exact.slice(0, 200)}”
          </p>
        </ConfirmDialog>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {editingDetails && (
        <MetadataDialog
          ws={ws}
          document={doc}
          onClose={() => setEditingDetails(false)}
          onSaved={(saved) => {
            setDoc(saved);
            setEditingDetails(false);
          }}
        />
      )}
      {versioning && (
        <NewVersionDialog
          ws={ws}
          docId={doc.id}
          onClose={() => setVersioning(false)}
          onDone={(result) => {
            setVersioning(false);
            onNewVersion(result);
          }}
        />
      )}
    </>
  );
}
