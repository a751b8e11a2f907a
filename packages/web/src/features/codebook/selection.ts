import { useCallback, useMemo, useRef, useState } from "react";

/** Whether Shift was down, as the pointer and key events that can change a checkbox carry it. */
interface ShiftEvent {
  shiftKey: boolean;
}

/**
 * A set of selected ids among a list, as a file manager selects: a click (or Space on a focused
 * checkbox) toggles one; with Shift it sets the whole range from the last one toggled to this one
 * to that one's new state. Ids no longer in the list drop out of the selection.
 *
 * A checkbox's change event does not say whether Shift was down, so the list's element spreads
 * `listHandlers`, which note it on every pointer and key press inside the list, and the checkboxes
 * call `toggleFromEvent`, which reads that note.
 */
export function useSelection(ids: readonly string[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const toggle = useCallback(
    (id: string, range: boolean) => {
      setSelected((current) => {
        const next = new Set(current);
        const on = !current.has(id);
        const from = anchor === null ? -1 : ids.indexOf(anchor);
        const to = ids.indexOf(id);
        const span =
          range && from !== -1 && to !== -1
            ? ids.slice(Math.min(from, to), Math.max(from, to) + 1)
            : [id];
        for (const each of span) {
          if (on) next.add(each);
          else next.delete(each);
        }
        return next;
      });
      setAnchor(id);
    },
    [ids, anchor],
  );
  const shift = useRef(false);
  const listHandlers = useMemo(() => {
    const note = (event: ShiftEvent) => {
      shift.current = event.shiftKey;
    };
    return { onPointerDown: note, onKeyDown: note };
  }, []);
  const present = ids.filter((id) => selected.has(id));
  return {
    /** Selected ids, in list order. */
    selected: present,
    isSelected: (id: string) => selected.has(id),
    toggle,
    /** Toggles one id, the range to it when Shift was down at the press that changed its box. */
    toggleFromEvent: (id: string) => toggle(id, shift.current),
    /** For the list's element: notes whether Shift is down, by pointer or by Space alike. */
    listHandlers,
    selectAll: () => setSelected(new Set(ids)),
    clear: () => setSelected(new Set()),
  };
}
