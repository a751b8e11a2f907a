import { memo, useEffect, useRef, useState } from "react";
import type { Annotation, Tag } from "../../api/types.ts";
import { DangerButton } from "../../components/Table.tsx";
import { TagChip } from "../../components/TagChip.tsx";
import { PassageHistory } from "../history/PassageHistory.tsx";
import { LinkPassageButton, PassageLinks } from "../links/PassageLinks.tsx";

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

const QUOTE_PREVIEW = 280;

/** "imported from Hypothesis — Ben (acct:ben@hypothes.is)": who made it in the other tool. */
function importedFrom(creator: NonNullable<Annotation["importedCreator"]>): string {
  const who =
    creator.name && creator.id ? `${creator.name} (${creator.id})` : (creator.name ?? creator.id);
  return `imported from ${creator.tool ?? "another tool"}${who ? ` — ${who}` : ""}`;
}

/** One annotation in the sidebar: codes, quote, note, author and time, with its actions. */
export const AnnotationCard = memo(function AnnotationCard({
  annotation,
  tags,
  codebook,
  author,
  page,
  readOnly,
  focused,
  editing,
  onFocus,
  onEdit,
  onSave,
  onDelete,
  onCopyLink,
  authorName,
}: {
  annotation: Annotation;
  tags: Map<string, Tag>;
  codebook: Tag[];
  author: string;
  /** The page of the passage, for sources with pages. */
  page: number | null;
  /** A viewer's card: no editing, linking or deleting. */
  readOnly: boolean;
  focused: boolean;
  editing: boolean;
  onFocus: (id: string) => void;
  onEdit: (id: string | null) => void;
  onSave: (annotation: Annotation, change: { tags: string[]; note: string }) => void;
  onDelete: (annotation: Annotation) => void;
  onCopyLink: (annotation: Annotation) => void;
  /** Names for the history's user ids; without it the card shows no history. */
  authorName?: (userId: string) => string;
}) {
  const ref = useRef<HTMLElement>(null);
  const pending = annotation.id.startsWith("pending-");
  // The list is the accessible form of the highlights: the focused passage gets DOM focus (j/k,
  // a click in the text, a deep link), so a screen reader reads its card; again after an edit.
  useEffect(() => {
    if (!focused || editing) return;
    ref.current?.scrollIntoView({ block: "nearest" });
    if (!ref.current?.contains(document.activeElement)) ref.current?.focus({ preventScroll: true });
  }, [focused, editing]);
  const quote =
    annotation.exact.length > QUOTE_PREVIEW
      ? `${annotation.exact.slice(0, QUOTE_PREVIEW)}…`
      : annotation.exact;
  return (
    <article
      ref={ref}
      className={`ann-card${focused ? " focused" : ""}${pending ? " pending" : ""}`}
      data-ann={annotation.id}
      aria-current={focused ? "true" : undefined}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("button, textarea, input, a")) return;
        onFocus(annotation.id);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && e.target === e.currentTarget) onFocus(annotation.id);
      }}
      tabIndex={-1}
    >
      {editing && !readOnly ? (
        <>
          <blockquote className="ann-quote" dir="auto">
            {quote}
          </blockquote>
          <CardEditor
            annotation={annotation}
            codebook={codebook}
            onCancel={() => onEdit(null)}
            onSave={(change) => onSave(annotation, change)}
          />
        </>
      ) : (
        <>
          <div className="chips">
            {annotation.tags.map((id) => (
              <TagChip key={id} id={id} tag={tags.get(id)} />
            ))}
          </div>
          <blockquote className="ann-quote" dir="auto">
            {quote}
          </blockquote>
          {annotation.status === "orphaned" && (
            <p className="hint">This passage is not in the current text of the document.</p>
          )}
          {annotation.note && (
            <p className="ann-note" dir="auto">
              {annotation.note}
            </p>
          )}
          <div className="ann-meta">
            {page !== null && (
              <>
                <span className="ann-page">p. {page}</span>
                <span>·</span>
              </>
            )}
            <span>{author}</span>
            <span>·</span>
            <time dateTime={annotation.updatedAt}>
              {pending ? "saving…" : timeOf(annotation.createdAt)}
            </time>
          </div>
          {annotation.importedCreator && (
            <p className="ann-imported" dir="auto">
              {importedFrom(annotation.importedCreator)}
            </p>
          )}
          {!pending && <PassageLinks annotation={annotation} />}
          {!pending && authorName && (
            <PassageHistory annotation={annotation} authorName={authorName} />
          )}
          {!pending && (
            <div className="ann-actions">
              {!readOnly && (
                <button type="button" className="quiet" onClick={() => onEdit(annotation.id)}>
                  Edit
                </button>
              )}
              <button type="button" className="quiet" onClick={() => onCopyLink(annotation)}>
                Copy link
              </button>
              {!readOnly && <LinkPassageButton annotation={annotation} />}
              {!readOnly && (
                <DangerButton onClick={() => onDelete(annotation)}>Delete</DangerButton>
              )}
            </div>
          )}
        </>
      )}
    </article>
  );
});

function CardEditor({
  annotation,
  codebook,
  onCancel,
  onSave,
}: {
  annotation: Annotation;
  codebook: Tag[];
  onCancel: () => void;
  onSave: (change: { tags: string[]; note: string }) => void;
}) {
  const [picked, setPicked] = useState(annotation.tags);
  const [note, setNote] = useState(annotation.note);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  // The caret goes after the note: typing adds to it.
  useEffect(() => {
    const field = noteRef.current;
    if (!field) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }, []);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <form
      className="card-editor"
      aria-label="Edit annotation"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ tags: picked, note });
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") onCancel();
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onSave({ tags: picked, note });
        }
      }}
    >
      <fieldset className="code-toggles">
        <legend>Codes</legend>
        {codebook.map((tag) => (
          <label key={tag.id} className="code-toggle">
            <input
              type="checkbox"
              checked={picked.includes(tag.id)}
              onChange={() => toggle(tag.id)}
            />
            <span className="swatch" style={{ background: tag.color }} aria-hidden="true" />
            {tag.label}
          </label>
        ))}
      </fieldset>
      <label>
        Note
        <textarea ref={noteRef} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save
        </button>
      </div>
    </form>
  );
}
