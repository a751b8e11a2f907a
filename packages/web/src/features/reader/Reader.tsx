import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Annotation } from "../../api/types.ts";
import { passagePath } from "../../app/paths.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { TopBar } from "../../components/Layout.tsx";
import { Notice } from "../../components/Notice.tsx";
import { copyText } from "../../components/ShownOnce.tsx";
import { ExportMenu } from "../findings/ExportMenu.tsx";
import { useConsensusLink } from "../rounds/useConsensusLink.ts";
import { ShareButton } from "../share/ShareButton.tsx";
import { NewVersionDialog, type NewVersionResult } from "../upload/NewVersionDialog.tsx";
import { DocHead } from "./DocHead.tsx";
import { DocumentText } from "./DocumentText.tsx";
import { FindBar } from "./find/FindBar.tsx";
import { supportsHighlights } from "./highlights.ts";
import { ListToggle } from "./ListToggle.tsx";
import { pageMarkers } from "./pages.ts";
import { splitParagraphs } from "./paragraphs.ts";
import { countByTag, withTag } from "./passages.ts";
import type { ReaderData, VersionApplied } from "./ReaderPage.tsx";
import { ShortcutHelp } from "./ShortcutHelp.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { TagPopover } from "./TagPopover.tsx";
import { type NoticeState, useAnnotations } from "./useAnnotations.ts";
import { useHighlightLayer } from "./useHighlightLayer.ts";
import { usePassageFocus } from "./usePassageFocus.ts";
import { useReaderCommands } from "./useReaderCommands.ts";
import "./reader.css";

/**
 * The reader: the text with highlights and page numbers, the tag popover, and the sidebar of
 * annotations with the orphaned ones apart. Viewers get it read-only.
 * The props handed to DocHead, DocumentText and Sidebar are written out one per line, as the shared
 * reader and the rounds page write theirs; those lists have one shape but carry each page's own
 * state, so there is nothing to share beyond the components themselves.
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
  const doc = data.document;
  const canEdit = data.role !== "viewer";
  const [orphansOpen, setOrphansOpen] = useState(false);
  const [versioning, setVersioning] = useState(false);
  const codebook = data.tags;
  const tags = useMemo(() => new Map(codebook.map((t) => [t.id, t])), [codebook]);
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  const pages = useMemo(
    () => pageMarkers(paragraphs, data.pageStarts),
    [paragraphs, data.pageStarts],
  );
  const [filter, setFilter] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Annotation | null>(null);
  const [help, setHelp] = useState(false);
  // Narrow screens only: the annotation list drawer.
  const [listOpen, setListOpen] = useState(false);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  // What a screen reader hears after a create, a delete or a filter (a polite live region).
  const [announcement, setAnnouncement] = useState("");

  const textRef = useRef<HTMLDivElement>(null);
  const tagNames = (ids: string[]) => {
    const names = ids.map((id) => tags.get(id)?.label ?? id);
    return names.length ? names.join(", ") : "with a note";
  };
  const { annotations, orphans, byId, create, save, remove, restored } = useAnnotations(
    data,
    // Paints a create in the keystroke's own task (the layer exists by the time anyone types).
    (list) => layerRef.current?.sync(list),
    {
      notify: setNotice,
      announce: setAnnouncement,
      saved: (saved) => setFocusedId(saved.id),
      tagNames,
    },
  );
  const { indexRef, layerRef } = useHighlightLayer(
    textRef,
    text,
    paragraphs,
    codebook,
    annotations,
  );

  useLayoutEffect(() => layerRef.current?.setFilter(filter), [layerRef, filter]);

  // The sidebar follows a frame later than the highlights: a new highlight paints at once.
  const listed = useDeferredValue(annotations);
  const visible = useMemo(() => withTag(annotations, filter), [annotations, filter]);
  const counts = useMemo(() => countByTag(listed), [listed]);
  const listedVisible = useMemo(() => withTag(listed, filter), [listed, filter]);

  // Before usePassageFocus: its effect must take a consensus address before the reader's deep link
  // reports it as an unknown passage.
  useConsensusLink(ws, doc.id, setNotice);
  const { focusedId, setFocusedId, focus, focusFromCard, scrollToPassage, focusAtClick } =
    usePassageFocus({
      passages: annotations,
      visible,
      indexRef,
      layerRef,
      onMissing: (id) => {
        if (orphans.some((a) => a.id === id)) {
          setOrphansOpen(true);
          setNotice({
            kind: "info",
            text: "The linked passage is not in the current version of the text; its annotation is listed under Orphaned.",
          });
        } else {
          setNotice({
            kind: "error",
            text: "The linked passage no longer exists in this document.",
          });
        }
      },
    });

  const { popover, closePopover, onTextMouseUp, find, findHost } = useReaderCommands({
    text,
    paragraphs,
    indexRef,
    layerRef,
    canEdit,
    visible,
    focusedId,
    setFocusedId,
    focus,
    byId,
    scrollToPassage,
    editingId,
    setEditingId,
    askDelete: setDeleting,
    showHelp: () => setHelp(true),
    notify: setNotice,
  });

  const onSave = useCallback(
    async (annotation: Annotation, change: { tags: string[]; note: string }) => {
      if (await save(annotation, change)) setEditingId(null);
    },
    [save],
  );

  async function confirmDelete(choice: string | null) {
    const annotation = deleting;
    setDeleting(null);
    if (!choice || !annotation) return;
    if (await remove(annotation)) setFocusedId((f) => (f === annotation.id ? null : f));
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

  function changeFilter(tag: string | null) {
    setFilter(tag);
    const shown = withTag(annotations, tag).length;
    const what = `${shown} annotation${shown === 1 ? "" : "s"}`;
    setAnnouncement(tag ? `Showing ${what} coded ${tagNames([tag])}.` : `Showing all ${what}.`);
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
          <DocHead
            document={data.document}
            ws={ws}
            text={text}
            canEdit={canEdit}
            applied={applied}
            onDismissApplied={onDismissApplied}
          />
          <DocumentText
            textRef={textRef}
            text={text}
            paragraphs={paragraphs}
            marks={marks}
            pages={pages}
            language={doc.language}
            onClick={focusAtClick}
            onMouseUp={onTextMouseUp}
          />
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
          onSave={onSave}
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
            onRestored: restored,
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
          onSave={(picked, note) => {
            void create(popover.start, popover.end, picked, note);
            closePopover();
            window.getSelection()?.removeAllRanges();
          }}
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
