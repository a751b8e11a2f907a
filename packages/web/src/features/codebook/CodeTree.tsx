import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import type { Tag } from "../../api/types.ts";
import { childrenOf, dropMove, keyboardMove, type Placement } from "./treeOps.ts";

type Zone = "before" | "after" | "inside";

const KEY_MOVES: Record<string, "up" | "down" | "indent" | "outdent"> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowRight: "indent",
  ArrowLeft: "outdent",
};

/**
 * The codebook as an ARIA tree. Each code is a treeitem (one tab stop, roving): ↑/↓ move focus,
 * Home/End jump; Alt+↑/↓ reorder a code among its siblings, Alt+→ nests it under the code above,
 * Alt+← moves it out next to its parent. With a pointer (mouse, pen or touch), drag a code by its
 * handle onto another: the upper quarter puts it before, the lower quarter after, the middle
 * inside. Pointer events rather than HTML drag and drop, which touch screens do not fire.
 */
export function CodeTree({
  tags,
  renderRow,
  onMove,
  focusId,
}: {
  tags: Tag[];
  renderRow: (tag: Tag, handle: ReactNode) => ReactNode;
  onMove: (tag: Tag, placement: Placement) => void;
  /** The code to focus after the tree re-renders (the one just moved). */
  focusId: string | null;
}) {
  const [focused, setFocused] = useState<string | null>(tags[0]?.id ?? null);
  const [dragging, setDragging] = useState<Tag | null>(null);
  const [drop, setDrop] = useState<{ id: string; zone: Zone } | null>(null);
  const root = useRef<HTMLUListElement>(null);

  // After a move the code may be re-mounted under its new parent: focus it again whenever the
  // codes change, so the keyboard user stays on the code they are moving.
  useEffect(() => {
    if (!focusId || !tags.some((t) => t.id === focusId)) return;
    setFocused(focusId);
    root.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(focusId)}"]`)?.focus();
  }, [focusId, tags]);

  // While dragging, follow the pointer anywhere on the page and drop where it is released.
  useEffect(() => {
    if (!dragging) return;
    const at = (event: PointerEvent) => {
      const row = document
        .elementFromPoint(event.clientX, event.clientY)
        ?.closest<HTMLElement>("[data-drop]");
      const id = row?.dataset.drop;
      if (!row || !id || id === dragging.id) return null;
      const rect = row.getBoundingClientRect();
      const y = (event.clientY - rect.top) / rect.height;
      return { id, zone: (y < 0.25 ? "before" : y > 0.75 ? "after" : "inside") as Zone };
    };
    // Near the top or bottom edge the page scrolls, so a long codebook can be crossed in one drag.
    const move = (event: PointerEvent) => {
      if (event.clientY < 48) window.scrollBy(0, -24);
      else if (event.clientY > window.innerHeight - 48) window.scrollBy(0, 24);
      setDrop(at(event));
    };
    const up = (event: PointerEvent) => {
      const target = at(event);
      setDragging(null);
      setDrop(null);
      const onto = target && tags.find((t) => t.id === target.id);
      const placement = onto && dropMove(tags, dragging, onto, target.zone);
      if (placement) onMove(dragging, placement);
    };
    const cancel = () => {
      setDragging(null);
      setDrop(null);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
    };
  }, [dragging, tags, onMove]);

  function onKey(event: KeyboardEvent<HTMLLIElement>, tag: Tag) {
    // Keys typed into a code's fields are the fields' own.
    if (event.target !== event.currentTarget) return;
    const direction = KEY_MOVES[event.key];
    if (event.altKey && direction) {
      event.preventDefault();
      const placement = keyboardMove(tags, tag, direction);
      if (placement) onMove(tag, placement);
      return;
    }
    const visible = [...(root.current?.querySelectorAll<HTMLElement>("[data-node]") ?? [])];
    const index = visible.findIndex((el) => el.dataset.node === tag.id);
    const next =
      event.key === "ArrowDown"
        ? visible[index + 1]
        : event.key === "ArrowUp"
          ? visible[index - 1]
          : event.key === "Home"
            ? visible[0]
            : event.key === "End"
              ? visible.at(-1)
              : undefined;
    if (next) {
      event.preventDefault();
      setFocused(next.dataset.node ?? null);
      next.focus();
    }
  }

  const renderLevel = (parentId: string | null, level: number): ReactNode => {
    const level_ = childrenOf(tags, parentId);
    return level_.map((tag, i) => {
      const kids = childrenOf(tags, tag.id);
      const zone = drop?.id === tag.id ? drop.zone : null;
      const handle = (
        <button
          type="button"
          className="drag-handle"
          aria-label={`Drag ${tag.label}`}
          title="Drag to move; or focus the code and use Alt+arrow keys"
          tabIndex={-1}
          onPointerDown={(e) => {
            e.preventDefault();
            setDragging(tag);
          }}
        >
          ⠿
        </button>
      );
      return (
        <li
          key={tag.id}
          role="treeitem"
          aria-level={level}
          aria-setsize={level_.length}
          aria-posinset={i + 1}
          aria-selected={focused === tag.id}
          {...(kids.length ? { "aria-expanded": true } : {})}
          tabIndex={focused === tag.id || (focused === null && level === 1 && i === 0) ? 0 : -1}
          data-node={tag.id}
          className={[
            "tree-node",
            dragging?.id === tag.id ? "dragging" : "",
            zone ? `drop-${zone}` : "",
          ].join(" ")}
          onFocus={(e) => {
            if (e.target === e.currentTarget) setFocused(tag.id);
          }}
          onKeyDown={(e) => onKey(e, tag)}
        >
          <div data-drop={tag.id} className="tree-row">
            {renderRow(tag, handle)}
          </div>
          {kids.length > 0 && (
            // biome-ignore lint/a11y/useSemanticElements: a nested group of an ARIA tree
            <ul role="group" className="tree-group">
              {renderLevel(tag.id, level + 1)}
            </ul>
          )}
        </li>
      );
    });
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a list is the tree's natural markup (WAI-ARIA APG tree view)
    <ul ref={root} role="tree" aria-label="Codes" className="tag-list tree">
      {renderLevel(null, 1)}
    </ul>
  );
}
