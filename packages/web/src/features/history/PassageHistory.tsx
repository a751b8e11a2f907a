import { useState } from "react";
import type { Annotation } from "../../api/types.ts";
import { type HistoryEntry, passageHistory } from "./api.ts";

const ACTIONS: Record<string, string> = {
  create: "Created",
  update: "Changed",
  delete: "Deleted",
  restore: "Restored",
};

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

const tagsOf = (state: Record<string, unknown> | null) =>
  ((state?.tags as string[] | undefined) ?? []).join(", ") || "no codes";
const noteOf = (state: Record<string, unknown> | null) => (state?.note as string | undefined) ?? "";

/** What an entry changed, in words: codes and note before → after. */
function describe(e: HistoryEntry): string[] {
  if (e.action !== "update") {
    const state = e.after ?? e.before;
    return [`codes: ${tagsOf(state)}`, ...(noteOf(state) ? [`note: ${noteOf(state)}`] : [])];
  }
  const lines: string[] = [];
  if (tagsOf(e.before) !== tagsOf(e.after)) {
    lines.push(`codes: ${tagsOf(e.before)} → ${tagsOf(e.after)}`);
  }
  if (noteOf(e.before) !== noteOf(e.after)) {
    lines.push(`note: ${noteOf(e.before) || "(none)"} → ${noteOf(e.after) || "(none)"}`);
  }
  if (e.cause?.startsWith("code.delete:"))
    lines.push(`because code ${e.cause.slice(12)} was deleted`);
  return lines;
}

/** The history of one passage, under its card: read when opened, shown as text. */
export function PassageHistory({
  annotation,
  authorName,
}: {
  annotation: Annotation;
  authorName: (userId: string) => string;
}) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <details
      className="passage-history"
      onToggle={(e) => {
        if (!(e.currentTarget as HTMLDetailsElement).open) return;
        setError(null);
        passageHistory(annotation.workspaceId, annotation.id)
          .then(setEntries)
          .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
      }}
    >
      <summary>History</summary>
      {error && <p className="hint">The history could not be read: {error}</p>}
      {entries === null && !error && <p className="hint">Reading…</p>}
      {entries?.length === 0 && <p className="hint">No recorded changes.</p>}
      {entries && entries.length > 0 && (
        <ol className="history-entries" aria-label="History of this passage">
          {entries.map((e) => (
            <li key={e.version} data-history-action={e.action}>
              <strong>{ACTIONS[e.action] ?? e.action}</strong> by {authorName(e.by)} ·{" "}
              <time dateTime={e.at}>{timeOf(e.at)}</time>
              {e.status !== "applied" && <em> ({e.status.replace("_", " ")})</em>}
              {describe(e).map((line) => (
                <div key={line} className="history-line" dir="auto">
                  {line}
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
