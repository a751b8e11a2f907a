import { useEffect, useRef, useState } from "react";
import type { Annotation, Tag } from "../../api/types.ts";
import { DeletedPassages } from "../history/DeletedPassages.tsx";
import { AnnotationCard } from "./AnnotationCard.tsx";
import { OrphanedList } from "./OrphanedList.tsx";
import { pageAt } from "./pages.ts";
import { SidebarFrame } from "./SidebarFrame.tsx";

/** Cards rendered at first and added per scroll: thousands of cards at once would cost seconds. */
const PAGE = 100;

export interface SidebarProps {
  annotations: Annotation[];
  total: number;
  counts: Map<string, number>;
  codebook: Tag[];
  tags: Map<string, Tag>;
  authorName: (userId: string) => string;
  filter: string | null;
  onFilter: (tag: string | null) => void;
  focusedId: string | null;
  editingId: string | null;
  onFocus: (id: string) => void;
  onEdit: (id: string | null) => void;
  onSave: (annotation: Annotation, change: { tags: string[]; note: string }) => void;
  onDelete: (annotation: Annotation) => void;
  onCopyLink: (annotation: Annotation) => void;
  /** Where each page starts, for "p. N" on the cards; null without pages. */
  pageStarts: number[] | null;
  /** A viewer's sidebar: cards without editing controls. */
  readOnly: boolean;
  /** Annotations a new version could not place, listed apart. */
  orphans: Annotation[];
  orphansOpen: boolean;
  onOrphansToggle: (open: boolean) => void;
  /** On narrow screens the list is a drawer: whether it is open. */
  open: boolean;
  /** The document's passages deleted and restorable from its history (editors only). */
  history?: { ws: string; docId: string; onRestored: (annotation: Annotation) => void };
}

/** Annotations in text order with code filter chips; cards render progressively. */
export function Sidebar(props: SidebarProps) {
  const { annotations, counts, codebook, filter, onFilter, focusedId } = props;
  const [limit, setLimit] = useState(PAGE);
  const sentinel = useRef<HTMLDivElement>(null);

  // A focused card far down the list must exist to be shown.
  useEffect(() => {
    if (!focusedId) return;
    const index = annotations.findIndex((a) => a.id === focusedId);
    if (index >= limit) setLimit(index + PAGE);
  }, [focusedId, annotations, limit]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setLimit((l) => l + PAGE);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, []);

  return (
    <SidebarFrame
      label="Annotations"
      title="Annotations"
      open={props.open}
      total={props.total}
      codebook={codebook}
      counts={counts}
      filter={filter}
      onFilter={onFilter}
    >
      <OrphanedList
        orphans={props.orphans}
        tags={props.tags}
        open={props.orphansOpen}
        onToggle={props.onOrphansToggle}
        onDelete={props.readOnly ? undefined : props.onDelete}
      />
      {props.history && !props.readOnly && (
        <DeletedPassages {...props.history} refresh={props.total} />
      )}
      {annotations.length === 0 && (
        <p className="empty">
          {props.total > 0
            ? "No annotation has this code."
            : props.readOnly
              ? "No annotations yet."
              : "No annotations yet. Select a passage to tag it, or press s to select a sentence."}
        </p>
      )}
      {annotations.slice(0, limit).map((annotation) => (
        <AnnotationCard
          key={annotation.id}
          annotation={annotation}
          tags={props.tags}
          codebook={codebook}
          author={props.authorName(annotation.createdBy)}
          page={pageAt(props.pageStarts, annotation.start)}
          readOnly={props.readOnly}
          focused={annotation.id === focusedId}
          editing={annotation.id === props.editingId}
          onFocus={props.onFocus}
          onEdit={props.onEdit}
          onSave={props.onSave}
          onDelete={props.onDelete}
          onCopyLink={props.onCopyLink}
          authorName={props.authorName}
        />
      ))}
      <div ref={sentinel} className="sentinel" aria-hidden="true" />
    </SidebarFrame>
  );
}
