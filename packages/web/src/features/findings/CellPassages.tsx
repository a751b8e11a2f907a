import { useEffect, useRef, useState } from "react";
import type { Findings } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { QuoteAndNote } from "../../components/QuoteAndNote.tsx";
import { LoadStatus } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { RecodeBar } from "../codebook/RecodeBar.tsx";
import { useSelection } from "../codebook/selection.ts";
import { passageHref } from "../links/relations.ts";
import { listCellPassages } from "./api.ts";
import { CodeChip } from "./CodeChip.tsx";
import { type FindingsFilter, passesAuthorAndDate } from "./filter.ts";
import type { Cell } from "./HeatMap.tsx";

const QUOTE_PREVIEW = 400;

/** The passages behind one cell of the matrix, with the same filter applied, in text order. */
export function CellPassages({
  ws,
  cell,
  findings,
  filter,
  onClose,
}: {
  ws: string;
  cell: Cell;
  findings: Findings;
  filter: FindingsFilter;
  onClose: () => void;
}) {
  const [state, reload] = useAsync(async () => {
    const passages = await listCellPassages(ws, cell.code, cell.documentId);
    return passages.filter((a) => passesAuthorAndDate(a, filter));
  }, [ws, cell.code, cell.documentId, filter]);
  const code = findings.codes.find((c) => c.code === cell.code);
  // Selecting passages to re-code them (split a code by hand) right from the drill-down.
  const passages = state.status === "ready" ? state.value : [];
  const selection = useSelection(passages.map((a) => a.id));
  const [said, setSaid] = useState("");
  const document = findings.documents.find((d) => d.id === cell.documentId);
  const authors = new Map(findings.authors.map((a) => [a.id, a.name]));
  // Opened under a tall matrix, it would be below the fold: bring it into view on every cell.
  const ref = useRef<HTMLElement>(null);
  const shown = `${cell.code} ${cell.documentId}`;
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView({ block: "nearest" });
  }, [shown]);
  return (
    <section
      ref={ref}
      className="panel cell-passages"
      aria-labelledby="cell-title"
      aria-live="polite"
    >
      <div className="panel-head">
        <h3 id="cell-title">
          {code && <CodeChip label={code.label} color={code.color} />} in{" "}
          <cite dir="auto">{document?.title ?? cell.documentId}</cite>
          {state.status === "ready" && (
            <span className="count">
              {state.value.length} passage{state.value.length === 1 ? "" : "s"}
            </span>
          )}
        </h3>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <LoadStatus state={state} label="Loading the passages…" onRetry={reload} />
      {state.status === "ready" && state.value.length === 0 && (
        <p className="empty">No passage left here; the corpus changed since the figures loaded.</p>
      )}
      {state.status === "ready" && state.value.length > 0 && (
        <ol className="passages" {...selection.listHandlers}>
          {state.value.map((a) => (
            <li key={a.id} data-ann={a.id}>
              <input
                type="checkbox"
                className="pick-passage"
                aria-label={`Select passage: ${a.exact.slice(0, 60)}`}
                checked={selection.isSelected(a.id)}
                onChange={() => selection.toggleFromEvent(a.id)}
              />
              <QuoteAndNote
                passage={a}
                preview={QUOTE_PREVIEW}
                quoteClass="passage-quote"
                noteClass="passage-note"
              />
              <p className="passage-meta">
                <span>{authors.get(a.createdBy) ?? a.createdBy}</span>
                <span>{a.createdAt.slice(0, 10)}</span>
                <Link href={passageHref(a.documentId, a.id)}>Open in the reader</Link>
              </p>
            </li>
          ))}
        </ol>
      )}
      {state.status === "ready" && state.value.length > 0 && (
        <RecodeBar
          ws={ws}
          tag={{ id: cell.code, label: code?.label ?? cell.code }}
          selected={selection.selected}
          onDone={(message) => {
            setSaid(message);
            selection.clear();
            reload();
          }}
        />
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {said}
      </div>
    </section>
  );
}
