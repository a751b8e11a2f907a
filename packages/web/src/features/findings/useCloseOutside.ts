import { type RefObject, useEffect } from "react";

/** Closes the open <details> menus inside `ref` on a press outside them or on Escape. */
export function useCloseOutside(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const close = (keep: Node | null) => {
      for (const details of ref.current?.querySelectorAll("details[open]") ?? []) {
        if (!keep || !details.contains(keep)) details.removeAttribute("open");
      }
    };
    const onDown = (event: PointerEvent) => close(event.target as Node);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close(null);
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [ref]);
}
