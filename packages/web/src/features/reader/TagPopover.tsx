import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { Tag } from "../../api/types.ts";
import "./TagPopover.css";

/**
 * Codes whose path (the labels above them and their own), or id, contains every typed word, in
 * codebook (tree) order: typing a parent's name shows it with everything under it.
 */
export function filterTags(tags: Tag[], typed: string): Tag[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return tags;
  return tags.filter((t) => {
    const hay = `${(t.path ?? [t.label]).join(" ")} ${t.id}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * Picks codes and a note for a selected passage. Type to filter; 1–9 toggle the codes shown;
 * ↑/↓ move; Enter saves (taking the highlighted code when none is picked); Esc closes.
 */
export function TagPopover({
  tags,
  quote,
  position,
  onSave,
  onClose,
}: {
  tags: Tag[];
  quote: string;
  position: { top: number; left: number };
  onSave: (tags: string[], note: string) => void;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [active, setActive] = useState(0);
  const [note, setNote] = useState("");
  const filterRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => filterTags(tags, typed), [tags, typed]);

  // On phones a sheet at the bottom (it always fits); elsewhere next to the selection.
  const [sheet] = useState(() => window.matchMedia("(max-width: 720px)").matches);
  // A touch reader keeps adjusting the selection's handles: the keyboard would cover them.
  useEffect(() => {
    if (!window.matchMedia("(pointer: coarse)").matches) filterRef.current?.focus();
  }, []);

  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  function save() {
    const activeTag = shown[active];
    // Nothing picked: the highlighted code, unless the reader only wrote a note.
    const takeActive = picked.length === 0 && activeTag && (typed.trim() !== "" || !note.trim());
    const chosen = takeActive ? [activeTag.id] : picked;
    if (chosen.length === 0 && !note.trim()) return;
    onSave(chosen, note);
  }

  function onFilterKey(event: KeyboardEvent<HTMLInputElement>) {
    if (/^[1-9]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const tag = shown[Number(event.key) - 1];
      event.preventDefault();
      if (tag) toggle(tag.id);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((a) => Math.min(a + 1, shown.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === " " && typed === "" && shown[active]) {
      event.preventDefault();
      toggle(shown[active]!.id);
    } else if (event.key === "Enter") {
      event.preventDefault();
      save();
    }
  }

  function onAnyKey(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
    event.stopPropagation();
  }

  return (
    <div
      className={sheet ? "popover sheet" : "popover"}
      role="dialog"
      aria-label="Tag passage"
      style={sheet ? undefined : { top: position.top, left: position.left }}
      onKeyDown={onAnyKey}
      onMouseDown={(e) => e.stopPropagation()}
      onMouseUp={(e) => e.stopPropagation()}
    >
      <p className="popover-quote" dir="auto">
        “{quote.length > 140 ? `${quote.slice(0, 140)}…` : quote}”
      </p>
      <input
        ref={filterRef}
        className="popover-filter"
        placeholder="Filter codes… (1–9 pick, Enter saves)"
        aria-label="Filter codes"
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value.replace(/[1-9]/g, ""));
          setActive(0);
        }}
        onKeyDown={onFilterKey}
      />
      <ul className="popover-codes" aria-label="Codes">
        {shown.map((tag, i) => (
          <li key={tag.id}>
            <button
              type="button"
              aria-pressed={picked.includes(tag.id)}
              data-tag={tag.id}
              className={i === active ? "code-option active" : "code-option"}
              onClick={() => toggle(tag.id)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="key">{i < 9 ? i + 1 : ""}</span>
              <span className="swatch" style={{ background: tag.color }} aria-hidden="true" />
              <span className="code-label">
                {tag.label}
                {tag.path && tag.path.length > 1 && (
                  <span className="code-path" dir="auto">
                    {tag.path.slice(0, -1).join(" › ")}
                  </span>
                )}
              </span>
              <span className="check" aria-hidden="true">
                {picked.includes(tag.id) ? "✓" : ""}
              </span>
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="hint">No code matches “{typed}”.</li>}
      </ul>
      <textarea
        className="popover-note"
        aria-label="Note"
        placeholder="Note (optional; Ctrl+Enter saves)"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="popover-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={save}>
          Save
        </button>
      </div>
    </div>
  );
}
