import {
  type MouseEvent as ReactMouseEvent,
  type RefObject,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { annHash, useDeepLink } from "./deepLink.ts";
import type { HighlightLayer, Passage } from "./highlights.ts";
import { innermostAt } from "./passages.ts";
import type { TextIndex } from "./textIndex.ts";
import { scrollRangeIntoView } from "./textRanges.ts";

export interface FocusOptions {
  /** Scroll the passage to the upper third of the window. */
  scroll?: boolean;
  /** Flash it twice (deep links, jumps from a card). */
  flash?: boolean;
}

/**
 * Which passage has the focus, in the reader and the shared reader alike: the focus highlight,
 * scrolling and flashing, the `#ann=<id>` address (deep links in, the address kept current out),
 * clicks on a highlight and the cards' "show in text".
 *
 * `passages` are those in the text; `visible` those a click can land on (the code filter's);
 * `onMissing` hears of a deep link to a passage not in the text.
 */
export function usePassageFocus<P extends Passage>({
  passages,
  visible,
  indexRef,
  layerRef,
  onMissing,
}: {
  passages: P[];
  visible: P[];
  indexRef: RefObject<TextIndex | null>;
  layerRef: RefObject<HighlightLayer | null>;
  onMissing: (id: string) => void;
}) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  useLayoutEffect(() => layerRef.current?.focus(focusedId), [layerRef, focusedId]);

  /** Scrolls a passage to the upper third of the window. */
  const scrollToPassage = useCallback(
    (start: number, end: number) => {
      const index = indexRef.current;
      if (index) scrollRangeIntoView(index, start, end);
    },
    [indexRef],
  );

  const focus = useCallback(
    (id: string, options: FocusOptions = {}) => {
      const passage = passages.find((a) => a.id === id);
      if (!passage) return;
      setFocusedId(id);
      if (options.scroll) scrollToPassage(passage.start, passage.end);
      if (options.flash) layerRef.current?.flash(passage.start, passage.end);
      // A passage still being saved has no address yet.
      if (!id.startsWith("pending-")) window.history.replaceState(null, "", annHash(id));
    },
    [passages, scrollToPassage, layerRef],
  );

  // Cards are memoised: give them a callback that stays the same while the passages change.
  const latest = useRef(focus);
  latest.current = focus;
  const focusFromCard = useCallback(
    (id: string) => latest.current(id, { scroll: true, flash: true }),
    [],
  );

  useDeepLink((id) => {
    if (passages.some((a) => a.id === id)) focus(id, { scroll: true, flash: true });
    else onMissing(id);
  });

  /** A click in the text focuses the innermost visible passage under it, or none. */
  const focusAtClick = (event: ReactMouseEvent) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const offset = indexRef.current?.offsetAtPoint(event.clientX, event.clientY);
    if (offset == null) return;
    const best = innermostAt(visible, offset);
    if (best) focus(best.id);
    else setFocusedId(null);
  };

  return { focusedId, setFocusedId, focus, focusFromCard, scrollToPassage, focusAtClick };
}
