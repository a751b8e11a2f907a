import { useState } from "react";
import type { Tag } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import { type CodedSummary, codeHits, type SearchHit, type SearchSpec } from "./api.ts";

type Expand = "none" | "sentence" | "paragraph";

/**
 * Codes hits from the Search page: the selected ones, or all N after a preview. Passages already
 * coded with the code are skipped by the server, and a retry creates nothing twice.
 */
export function CodeHits({
  ws,
  spec,
  tags,
  selected,
  total,
  preview,
  onCoded,
}: {
  ws: string;
  spec: SearchSpec;
  tags: Tag[];
  selected: SearchHit[];
  total: number;
  /** The first hits, shown before coding all of them. */
  preview: SearchHit[];
  onCoded: () => void;
}) {
  const [tag, setTag] = useState(tags[0]?.id ?? "");
  const [expand, setExpand] = useState<Expand>("none");
  const [confirmAll, setConfirmAll] = useState(false);
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "coding"; count: number; progress?: { done: number; total: number } }
    | { kind: "done"; outcome: CodedSummary }
    | { kind: "error"; error: unknown }
  >({ kind: "idle" });

  async function run(hits: SearchHit[] | "all") {
    setConfirmAll(false);
    const count = hits === "all" ? total : hits.length;
    setState({ kind: "coding", count });
    try {
      const outcome = await codeHits(
        ws,
        spec,
        [tag],
        hits === "all"
          ? "all"
          : hits.map((h) => ({ documentId: h.documentId, start: h.start, end: h.end })),
        expand,
        // A large coding runs in the background: show how far it got.
        (job) => setState({ kind: "coding", count, progress: job.progress }),
      );
      setState({ kind: "done", outcome });
      onCoded();
    } catch (error) {
      setState({ kind: "error", error });
    }
  }

  const label = tags.find((t) => t.id === tag)?.label ?? tag;
  const busy = state.kind === "coding";
  return (
    <section className="code-hits" aria-label="Code hits">
      <label>
        Code
        <select value={tag} onChange={(e) => setTag(e.target.value)}>
          {tags.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Passage
        <select value={expand} onChange={(e) => setExpand(e.target.value as Expand)}>
          <option value="none">The hit</option>
          <option value="sentence">Its sentence</option>
          <option value="paragraph">Its paragraph</option>
        </select>
      </label>
      <button
        type="button"
        disabled={busy || !tag || selected.length === 0}
        onClick={() => run(selected)}
      >
        Code {selected.length} selected
      </button>
      <button type="button" disabled={busy || !tag} onClick={() => setConfirmAll(true)}>
        Code all {total} hits…
      </button>
      <div className="code-hits-status" role="status">
        {state.kind === "coding" && !state.progress && (
          <>
            <progress aria-label="Coding hits" /> Coding {state.count} hit
            {state.count === 1 ? "" : "s"}…
          </>
        )}
        {state.kind === "coding" && state.progress && (
          <>
            <progress
              aria-label="Coding hits"
              max={state.progress.total}
              value={state.progress.done}
            />{" "}
            Coding in the background: {state.progress.done} of {state.progress.total} passages
            written…
          </>
        )}
        {state.kind === "done" && (
          <span className="code-hits-done">
            Coded {state.outcome.created} passage{state.outcome.created === 1 ? "" : "s"}
            {state.outcome.skipped > 0 && `, ${state.outcome.skipped} already coded`}
            {state.outcome.failed > 0 && `, ${state.outcome.failed} failed`}.
          </span>
        )}
      </div>
      {state.kind === "error" && <ErrorMessage error={state.error} />}
      {confirmAll && (
        <Modal labelledBy="code-all-title" onCancel={() => setConfirmAll(false)}>
          <h2 id="code-all-title">
            Code all {total} hits with “{label}”?
          </h2>
          <p>
            Every hit of this search is coded
            {expand === "none" ? "" : ` as its ${expand}`}; passages already coded with it are
            skipped. The first hits:
          </p>
          <ul className="code-all-preview">
            {preview.map((h) => (
              <li key={`${h.documentId}:${h.start}:${h.end}`} dir="auto">
                <span className="kwic-before">{h.before.slice(-30)}</span>
                <mark>{h.exact}</mark>
                <span className="kwic-after">{h.after.slice(0, 30)}</span>
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <button type="button" className="quiet" onClick={() => setConfirmAll(false)}>
              Cancel
            </button>
            <button type="button" onClick={() => run("all")}>
              Code {total} hits
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
