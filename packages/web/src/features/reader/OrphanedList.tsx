import type { Annotation, Tag } from "../../api/types.ts";
import { QuoteAndNote } from "../../components/QuoteAndNote.tsx";
import { DangerButton } from "../../components/Table.tsx";
import { TagChip } from "../../components/TagChip.tsx";

/**
 * Annotations a new version of the text could not place with confidence: kept with their quote,
 * codes and note, never highlighted (their offsets point into an earlier version).
 */
export function OrphanedList({
  orphans,
  tags,
  open,
  onToggle,
  onDelete,
}: {
  orphans: Annotation[];
  tags: Map<string, Tag>;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** Absent for readers who may not delete. */
  onDelete?: ((annotation: Annotation) => void) | undefined;
}) {
  if (orphans.length === 0) return null;
  return (
    <details
      className="orphans"
      open={open}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Orphaned ({orphans.length})</summary>
      <p className="hint">
        These annotations could not be placed on the new text: a newer version removed their passage
        or changed it too much to be sure. They keep their quote, codes and note, and are not
        highlighted.
      </p>
      {orphans.map((annotation) => (
        <article key={annotation.id} className="ann-card orphan" data-ann={annotation.id}>
          {annotation.tags.length > 0 && (
            <div className="chips">
              {annotation.tags.map((id) => (
                <TagChip key={id} id={id} tag={tags.get(id)} />
              ))}
            </div>
          )}
          <QuoteAndNote passage={annotation} quoteClass="ann-quote" noteClass="ann-note" />
          <div className="ann-meta">
            <span>from version {annotation.textVersion}</span>
          </div>
          {onDelete && (
            <div className="ann-actions">
              <DangerButton onClick={() => onDelete(annotation)}>Delete</DangerButton>
            </div>
          )}
        </article>
      ))}
    </details>
  );
}
