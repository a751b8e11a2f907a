import { useCallback, useState } from "react";

/**
 * A set of selected ids among a list, as a file manager selects: a click (or Space on a focused
 * checkbox) toggles one; with Shift it sets the whole range from the last one toggled to this one
 * to that one's new state. Ids no longer in the list drop out of the selection.
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
  const present = ids.filter((id) => selected.has(id));
  return {
    /** Selected ids, in list order. */
    selected: present,
    isSelected: (id: string) => selected.has(id),
    toggle,
    selectAll: () => setSelected(new Set(ids)),
    clear: () => setSelected(new Set()),
  };
}
