import { useMemo, useState } from "react";
import { describeError } from "../../api/client.ts";
import type { Annotation, Link, Relation, Tag } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import { ErrorMessage, LoadStatus } from "../../components/Status.tsx";
import { TagChip } from "../../components/TagChip.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { listTags } from "../codebook/api.ts";
import { createLink, listAllDocuments, listWorkspaceAnnotations } from "./api.ts";
import { RELATIONS } from "./relations.ts";

/** Matches shown at once: enough to scan, few enough to render instantly; the search narrows. */
const SHOWN = 40;
const QUOTE_PREVIEW = 220;

interface Candidate {
  annotation: Annotation;
  title: string;
  /** Lower-cased quote, note, code labels and document title, searched as one. */
  haystack: string;
}

/**
 * "Link to passage…": search the workspace's passages (quote, note, code, document title), pick
 * one, say how the two relate, optionally why. On the native <dialog> (focus trap, Esc).
 */
export function LinkDialog({
  source,
  onClose,
}: {
  source: Annotation;
  onClose: (created: Link | null) => void;
}) {
  const ws = source.workspaceId;
  const [search, setSearch] = useState("");
  const [picked, setPicked] = useState<string | null>(null);
  const [relation, setRelation] = useState<Relation>("corroborates");
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const [state, reload] = useAsync(async () => {
    const [annotations, documents, tags] = await Promise.all([
      listWorkspaceAnnotations(ws),
      listAllDocuments(ws),
      listTags(ws),
    ]);
    const titles = new Map(documents.map((d) => [d.id, d.title]));
    const tagMap = new Map<string, Tag>(tags.map((t) => [t.id, t]));
    const candidates: Candidate[] = annotations
      .filter((a) => a.id !== source.id)
      .map((annotation) => {
        const title = titles.get(annotation.documentId) ?? "Untitled document";
        const labels = annotation.tags.map((t) => tagMap.get(t)?.label ?? t).join(" ");
        return {
          annotation,
          title,
          haystack: `${annotation.exact}\n${annotation.note}\n${labels}\n${title}`.toLowerCase(),
        };
      });
    return { candidates, tags: tagMap };
  }, [ws, source.id]);

  const matches = useMemo(() => {
    if (state.status !== "ready") return [];
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return state.value.candidates.filter((c) => words.every((w) => c.haystack.includes(w)));
  }, [state, search]);

  const chosen =
    state.status === "ready"
      ? state.value.candidates.find((c) => c.annotation.id === picked)
      : undefined;

  async function save() {
    if (!chosen) return;
    setSaving(true);
    setSaveError(null);
    try {
      const link = await createLink(ws, {
        fromId: source.id,
        toId: chosen.annotation.id,
        relation,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onClose(link);
    } catch (error) {
      setSaveError(`The link was not saved: ${describeError(error)}`);
      setSaving(false);
    }
  }

  return (
    <Modal
      className="link-dialog"
      labelledBy="link-dialog-title"
      onCancel={() => onClose(null)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id="link-dialog-title">Link to passage</h2>
      <blockquote className="ann-quote" dir="auto">
        {source.exact.length > QUOTE_PREVIEW
          ? `${source.exact.slice(0, QUOTE_PREVIEW)}…`
          : source.exact}
      </blockquote>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          Find a passage
          <input
            type="search"
            // biome-ignore lint/a11y/noAutofocus: in a modal <dialog> (Modal), autofocus picks what showModal() focuses
            autoFocus
            placeholder="Words from the quote, note, code or document title"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <LoadStatus state={state} label="Loading the workspace's passages…" onRetry={reload} />
        {state.status === "ready" && (
          <fieldset className="link-candidates">
            <legend className="visually-hidden">Passages</legend>
            {matches.length === 0 && (
              <p className="empty">
                {state.value.candidates.length === 0
                  ? "There is no other passage in this workspace yet."
                  : "No passage matches these words."}
              </p>
            )}
            {matches.slice(0, SHOWN).map(({ annotation, title }) => (
              <label
                key={annotation.id}
                className={`link-candidate${picked === annotation.id ? " picked" : ""}`}
                data-ann={annotation.id}
              >
                <input
                  type="radio"
                  name="passage"
                  value={annotation.id}
                  checked={picked === annotation.id}
                  onChange={() => setPicked(annotation.id)}
                />
                <span className="link-candidate-body">
                  <span className="link-candidate-quote">
                    {annotation.exact.length > QUOTE_PREVIEW
                      ? `${annotation.exact.slice(0, QUOTE_PREVIEW)}…`
                      : annotation.exact}
                  </span>
                  <span className="link-candidate-meta">
                    <span className="link-doc">
                      {title}
                      {annotation.documentId === source.documentId && " (this document)"}
                    </span>
                    {annotation.tags.map((id) => (
                      <TagChip key={id} id={id} tag={state.value.tags.get(id)} />
                    ))}
                  </span>
                </span>
              </label>
            ))}
            {matches.length > SHOWN && (
              <p className="hint">
                {matches.length - SHOWN} more match; add words to narrow the search.
              </p>
            )}
          </fieldset>
        )}
        <div className="row link-fields">
          <label>
            Relation
            <select value={relation} onChange={(e) => setRelation(e.target.value as Relation)}>
              {RELATIONS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label} — {r.hint}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Note (optional)
          <textarea
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {saveError && <ErrorMessage error={saveError} />}
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!chosen || saving}>
            {saving ? "Linking…" : "Link passages"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
