import { type FormEvent, useEffect, useRef, useState } from "react";
import { navigate } from "../../app/router.tsx";
import { searchPath } from "./api.ts";

/** Whether a key press belongs to a text field. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

/**
 * The top bar's search field, on every page: Enter opens the Search page with the query, and `/`
 * anywhere outside a text field (and outside a dialog) puts the cursor in it.
 */
export function SearchField() {
  const [q, setQ] = useState("");
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target) || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!q.trim()) return;
    navigate(
      searchPath({
        q,
        case: false,
        word: false,
        regex: false,
        documentIds: [],
        tags: [],
        coded: "",
      }),
    );
  }
  return (
    <search className="topbar-search">
      <form onSubmit={submit}>
        <label className="visually-hidden" htmlFor="topbar-search-input">
          Search all documents
        </label>
        <input
          ref={ref}
          id="topbar-search-input"
          type="search"
          placeholder="Search  /"
          value={q}
          maxLength={1000}
          onChange={(e) => setQ(e.target.value)}
        />
      </form>
    </search>
  );
}
