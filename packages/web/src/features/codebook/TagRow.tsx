import { type ReactNode, useState } from "react";
import type { Tag } from "../../api/types.ts";
import { DangerButton } from "../../components/Table.tsx";

/**
 * A code of the codebook, edited in place; Save appears once something changed. `uses` counts its
 * own passages, `usesBelow` those coded with it or any code under it (each once).
 */
export function TagRow({
  tag,
  uses,
  usesBelow,
  handle,
  onSave,
  onDelete,
  onMerge,
  onPassages,
}: {
  tag: Tag;
  uses: number;
  usesBelow?: number | undefined;
  handle?: ReactNode;
  onSave: (change: { label: string; color: string; description: string }) => Promise<boolean>;
  onDelete: () => void;
  onMerge?: () => void;
  /** Opens the code's passages to select and re-code (split by hand). */
  onPassages?: () => void;
}) {
  const [label, setLabel] = useState(tag.label);
  const [color, setColor] = useState(tag.color);
  const [description, setDescription] = useState(tag.description);
  const dirty = label !== tag.label || color !== tag.color || description !== tag.description;
  return (
    <div className="tag-row" data-tag={tag.id}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSave({ label: label.trim(), color, description: description.trim() });
        }}
      >
        {handle}
        <input
          type="color"
          value={color}
          aria-label={`Colour of ${tag.label}`}
          onChange={(e) => setColor(e.target.value)}
        />
        <div className="tag-fields">
          <input
            className="tag-label"
            value={label}
            aria-label={`Name of ${tag.label}`}
            maxLength={80}
            onChange={(e) => setLabel(e.target.value)}
          />
          <input
            className="tag-description"
            value={description}
            placeholder="Definition"
            aria-label={`Definition of ${tag.label}`}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
          />
          <code className="tag-id">{tag.id}</code>
        </div>
        <span className="uses" title="Annotations with this code">
          {uses} use{uses === 1 ? "" : "s"}
        </span>
        {usesBelow !== undefined && usesBelow !== uses && (
          <span className="uses uses-below" title="Passages with this code or a code under it">
            {usesBelow} with sub-codes
          </span>
        )}
        <div className="tag-actions">
          {dirty && (
            <button type="submit" className="primary">
              Save
            </button>
          )}
          {onPassages && uses > 0 && (
            <button
              type="button"
              className="quiet"
              aria-label={`Passages of ${tag.label}`}
              onClick={onPassages}
            >
              Passages…
            </button>
          )}
          {onMerge && (
            <button type="button" className="quiet" onClick={onMerge}>
              Merge…
            </button>
          )}
          <DangerButton onClick={onDelete}>Delete</DangerButton>
        </div>
      </form>
    </div>
  );
}
