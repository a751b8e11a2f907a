import { useEffect, useState } from "react";
import type { Annotation } from "../../api/types.ts";
import { documentHistory, type HistoryEntry, restorePassage } from "./api.ts";

/**
 * Passages of this document deleted and not restored since, from its history: each can be put
 * back exactly as it was (codes, note, place, links), long after the short Undo is gone.
 */
export function DeletedPassages({
  ws,
  docId,
  refresh,
  onRestored,
}: {
  ws: string;
  docId: string;
  /** Changes when the document's passages change, so a new deletion is listed. */
  refresh: number;
  onRestored: (annotation: Annotation) => void;
}) {
  const [deleted, setDeleted] = useState<HistoryEntry[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` only says when to read again
  useEffect(() => {
    let live = true;
    documentHistory(ws, docId)
      .then((entries) => {
        // Newest first: the first entry seen of a passage is its latest.
        const latest = new Map<string, HistoryEntry>();
        for (const e of entries) {
          if (e.kind === "annotation" && !latest.has(e.entityId)) latest.set(e.entityId, e);
        }
        if (live) {
          setDeleted(
            [...latest.values()].filter((e) => e.action === "delete" && e.status === "applied"),
          );
        }
      })
      .catch(() => {
        if (live) setDeleted([]);
      });
    return () => {
      live = false;
    };
  }, [ws, docId, refresh]);

  if (deleted.length === 0) return null;
  return (
    <details className="deleted-passages">
      <summary>Deleted passages ({deleted.length})</summary>
      {message && <p className="hint">{message}</p>}
      <ul>
        {deleted.map((e) => (
          <li key={e.entityId} data-deleted={e.entityId}>
            <blockquote className="ann-quote" dir="auto">
              {String(e.before?.exact ?? "").slice(0, 200)}
            </blockquote>
            <button
              type="button"
              onClick={() => {
                setMessage(null);
                restorePassage(ws, e.entityId)
                  .then((annotation) => {
                    setDeleted((list) => list.filter((d) => d.entityId !== e.entityId));
                    onRestored(annotation);
                  })
                  .catch((err: unknown) =>
                    setMessage(`Not restored: ${err instanceof Error ? err.message : String(err)}`),
                  );
              }}
            >
              Restore
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
