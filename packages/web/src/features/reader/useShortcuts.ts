import { useEffect, useRef } from "react";

/** Whether a key press belongs to a text field rather than to the reader. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

/**
 * Single-key shortcuts on the window, keyed by `KeyboardEvent.key` ("j", "?"; "esc" for Escape, "del" for Delete) with a
 * "Shift+" prefix for shifted arrows and letters ("Shift+S", "Shift+ArrowRight"). Ignored while
 * typing in a field or with Ctrl/Alt/Meta held, so browser and system shortcuts keep working.
 */
export function useShortcuts(handlers: Record<string, (event: KeyboardEvent) => void>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const shifted = event.shiftKey && (event.key.length > 1 || /^[A-Z]$/.test(event.key));
      const key = event.key === "Escape" ? "esc" : event.key === "Delete" ? "del" : event.key;
      const name = shifted ? `Shift+${key.length === 1 ? key.toUpperCase() : key}` : key;
      const handler = latest.current[name];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
