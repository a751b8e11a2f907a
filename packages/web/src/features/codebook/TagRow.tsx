import { useState } from "react";
import type { Tag } from "../../api/types.ts";

/** A code of the codebook, edited in place; Save appears once something changed. */
export function TagRow({
  tag,
  uses,
  onSave,
  onDelete,
}: {
  tag: Tag;
  uses: number;
  onSave: (change: { label: string; color: string; description: string }) => Promise<boolean>;
  onDelete: () => void;
}) {
  const [label, setLabel] = useState(tag.label);
  const [color, setColor] = useState(tag.color);
  const [description, setDescription] = useState(tag.description);
  const dirty = label !== tag.label || color !== tag.color || description !== tag.description;
  return (
    <li className="tag-row" data-tag={tag.id}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSave({ label: label.trim(), color, description: description.trim() });
        }}
      >
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
        <div className="tag-actions">
          {dirty && (
            <button type="submit" className="primary">
              Save
            </button>
          )}
          <button type="button" className="quiet danger-text" onClick={onDelete}>
            Delete
          </button>
        </div>
      </form>
    </li>
  );
}
