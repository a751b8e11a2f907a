import { useState } from "react";
import type { Tag } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { LoadStatus } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { passageHref } from "../links/relations.ts";
import { listTagPassages } from "./api.ts";
import { RecodeBar } from "./RecodeBar.tsx";
import { useSelection } from "./selection.ts";

const QUOTE_PREVIEW = 300;

/**
 * The passages of one code with a checkbox each (Shift+click or Shift+Space selects a range),
 * and the re-code actions for the selection: how a code is split by hand.
 */
export function CodePassages({
  ws,
  tag,
  onChanged,
  onClose,
}: {
  ws: string;
  tag: Tag;
  onChanged: (said: string) => void;
  onClose: () => void;
}) {
  const [state, reload] = useAsync(() => listTagPassages(ws, tag.id), [ws, tag.id]);
  const passages = state.status === "ready" ? state.value : [];
  const selection = useSelection(passages.map((p) => p.id));
  const [said, setSaid] = useState("");
  return (
    <section className="panel code-passages" aria-labelledby="code-passages-title">
      <div className="panel-head">
        <h2 id="code-passages-title">Passages coded “{tag.label}”</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <LoadStatus state={state} label="Loading the passages…" onRetry={reload} />
      {state.status === "ready" && passages.length === 0 && (
        <p className="empty">No passage has this code.</p>
      )}
      {passages.length > 0 && (
        <>
          <div className="selection-tools">
            <button type="button" className="quiet" onClick={selection.selectAll}>
              Select all
            </button>
            <button type="button" className="quiet" onClick={selection.clear}>
              Clear
            </button>
          </div>
          <ol className="passages selectable" {...selection.listHandlers}>
            {passages.map((p) => (
              <li key={p.id} data-ann={p.id}>
                <label className="pick">
                  <input
                    type="checkbox"
                    checked={selection.isSelected(p.id)}
                    onChange={() => selection.toggleFromEvent(p.id)}
                  />
                  <span className="passage-quote" dir="auto">
                    {p.exact.length > QUOTE_PREVIEW
                      ? `${p.exact.slice(0, QUOTE_PREVIEW)}…`
                      : p.exact}
                  </span>
                </label>
                <Link href={passageHref(p.documentId, p.id)}>Open</Link>
              </li>
            ))}
          </ol>
          <RecodeBar
            ws={ws}
            tag={tag}
            selected={selection.selected}
            onDone={(message) => {
              setSaid(message);
              selection.clear();
              reload();
              onChanged(message);
            }}
          />
        </>
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {said}
      </div>
    </section>
  );
}
