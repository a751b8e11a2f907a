import { useCallback, useState } from "react";

/** Copies `text`; resolves false when the browser refuses (no clipboard, not a secure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A secret the server returns once (a share link, an invitation, an API token): shown in a
 * read-only field with a copy button and a warning that it cannot be shown again.
 */
export function ShownOnce({ label, value, what }: { label: string; value: string; what: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <div className="shown-once">
      <label>
        {label}
        <span className="shown-once-row">
          <input
            readOnly
            value={value}
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
          />
          <button
            type="button"
            className="primary"
            onClick={async () => setCopied((await copyText(value)) ? "yes" : "no")}
          >
            Copy
          </button>
        </span>
      </label>
      <p className="warning" role="status">
        {copied === "yes" && "Copied. "}
        {copied === "no" && "Copying was refused: select the text and copy it by hand. "}
        Copy {what} now: it is shown only this once and cannot be shown again.
      </p>
    </div>
  );
}

/**
 * The secret just created, to show in a `ShownOnce`: `forget(id)` hides it when the thing it
 * belongs to is revoked meanwhile.
 */
export function useShownOnce<T extends { id: string }>() {
  const [shown, setShown] = useState<T | null>(null);
  const forget = useCallback(
    (id: string) => setShown((current) => (current?.id === id ? null : current)),
    [],
  );
  return [shown, setShown, forget] as const;
}
