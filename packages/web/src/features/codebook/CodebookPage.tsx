import { type FormEvent, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import type { Tag } from "../../api/types.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { createTag, deleteTag, listTags, updateTag, usageCounts } from "./api.ts";
import { TagRow } from "./TagRow.tsx";

/** `/codebook`: the workspace's codes with their usage; add, rename, recolour, describe, delete. */
export function CodebookPage() {
  const [state, reload, setState] = useAsync(async () => {
    const ws = await currentWorkspace();
    const [tags, usage] = await Promise.all([listTags(ws.id), usageCounts(ws.id)]);
    return { ws: ws.id, tags, usage };
  }, []);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Tag | null>(null);

  if (state.status === "loading") return <Loading label="Loading the codebook…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  const { ws, tags, usage } = state.value;

  const replace = (tag: Tag) =>
    setState({
      status: "ready",
      value: { ...state.value, tags: tags.map((t) => (t.id === tag.id ? tag : t)) },
    });

  async function save(tag: Tag, change: { label: string; color: string; description: string }) {
    setError(null);
    try {
      replace(await updateTag(ws, tag.id, { ...change, version: tag.version }));
      return true;
    } catch (e) {
      setError(`“${tag.label}” was not saved: ${describeError(e)}`);
      return false;
    }
  }

  async function remove(tag: Tag, mode: "refuse" | "remove") {
    setError(null);
    try {
      await deleteTag(ws, tag.id, mode);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === "tag.in_use") setDeleting(tag);
      else setError(`“${tag.label}” was not deleted: ${describeError(e)}`);
    }
  }

  return (
    <div className="page codebook">
      <div className="page-head">
        <h1>Codebook</h1>
      </div>
      <p className="lede">
        The codes researchers in this workspace tag passages with. Renaming a code keeps its id, so
        existing annotations and exports follow.
      </p>
      {error && <ErrorMessage error={error} />}
      <NewTagForm ws={ws} onCreated={reload} />
      {tags.length === 0 ? (
        <p className="empty">No codes yet. Add the first one above.</p>
      ) : (
        <ul className="tag-list" aria-label="Codes">
          {tags.map((tag) => (
            <TagRow
              key={`${tag.id}:${tag.version}`}
              tag={tag}
              uses={usage[tag.id] ?? 0}
              onSave={(change) => save(tag, change)}
              onDelete={() => void remove(tag, "refuse")}
            />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={`“${deleting.label}” is in use`}
          choices={[
            { label: "Keep the code", value: "keep" },
            { label: "Remove it from annotations and delete", value: "remove", danger: true },
          ]}
          onClose={(choice) => {
            const tag = deleting;
            setDeleting(null);
            if (choice === "remove") void remove(tag, "remove");
          }}
        >
          <p>
            {usage[deleting.id] ?? "Some"} annotation{usage[deleting.id] === 1 ? "" : "s"} use this
            code. You can keep it, or take it off those annotations and delete it.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function NewTagForm({ ws, onCreated }: { ws: string; onCreated: () => void }) {
  const [label, setLabel] = useState("");
  const [color, setColor] = useState("#2f7d6d");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createTag(ws, { label, color, ...(description.trim() ? { description } : {}) });
      setLabel("");
      setDescription("");
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card new-tag" onSubmit={submit} aria-label="Add a code">
      <div className="row">
        <label className="grow">
          New code
          <input
            name="label"
            value={label}
            required
            maxLength={80}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <label>
          Colour
          <input
            name="color"
            type="color"
            value={color}
            onChange={(e) => setColor(e.target.value)}
          />
        </label>
      </div>
      <label>
        Definition <span className="hint">(one line: when to apply it)</span>
        <input
          name="description"
          value={description}
          maxLength={500}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      {error !== null && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !label.trim()}>
          Add code
        </button>
      </div>
    </form>
  );
}
