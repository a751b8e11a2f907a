import { useCallback, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import type { Tag } from "../../api/types.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { PageHead } from "../../components/PageHead.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { useSubmit } from "../../components/useSubmit.ts";
import {
  createTag,
  deleteTag,
  listTags,
  mergeTag,
  moveTag,
  rolledUpCounts,
  updateTag,
  usageCounts,
} from "./api.ts";
import { CodePassages } from "./CodePassages.tsx";
import { CodeTree } from "./CodeTree.tsx";
import { TagRow } from "./TagRow.tsx";
import { isWithin, type Placement } from "./treeOps.ts";
import "./codebook.css";

/**
 * `/codebook`: the workspace's codes as a tree with their usage (own and with sub-codes); add,
 * rename, recolour, describe, move (drag or Alt+arrows), merge and delete.
 */
export function CodebookPage() {
  const [state, reload, replaceState] = useAsync(async () => {
    const ws = await currentWorkspace();
    const [tags, usage, below] = await Promise.all([
      listTags(ws.id),
      usageCounts(ws.id),
      rolledUpCounts(ws.id).catch(() => ({}) as Record<string, number>),
    ]);
    return { ws: ws.id, tags, usage, below };
  }, []);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const [merging, setMerging] = useState<Tag | null>(null);
  const [mergeInto, setMergeInto] = useState("");
  const [focusId, setFocusId] = useState<string | null>(null);
  const [picking, setPicking] = useState<Tag | null>(null);
  const [said, setSaid] = useState("");

  const tagsNow = state.status === "ready" ? state.value.tags : null;
  const wsNow = state.status === "ready" ? state.value.ws : null;
  const move = useCallback(
    async (tag: Tag, placement: Placement) => {
      if (!wsNow || !tagsNow) return;
      setError(null);
      try {
        await moveTag(wsNow, tag.id, { ...placement, version: tag.version });
        const parent = tagsNow.find((t) => t.id === placement.parentId);
        setSaid(
          `${tag.label} moved ${parent ? `under ${parent.label}` : "to the top level"}, position ${placement.position + 1}`,
        );
      } catch (e) {
        setError(`“${tag.label}” was not moved: ${describeError(e)}`);
      }
      setFocusId(tag.id);
      reload();
    },
    [wsNow, tagsNow, reload],
  );

  if (state.status === "loading") return <Loading label="Loading the codebook…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  const { ws, tags, usage, below } = state.value;

  const replace = (tag: Tag) =>
    replaceState({ ...state.value, tags: tags.map((t) => (t.id === tag.id ? tag : t)) });

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

  async function merge(tag: Tag, into: string) {
    setError(null);
    try {
      const result = await mergeTag(ws, tag.id, into);
      const target = tags.find((t) => t.id === into);
      setSaid(
        `${tag.label} merged into ${target?.label ?? into}: ${result.annotationsChanged} passages re-coded`,
      );
    } catch (e) {
      setError(`“${tag.label}” was not merged: ${describeError(e)}`);
    }
    reload();
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
      <PageHead
        title="Codebook"
        lede={
          <>
            The codes researchers in this workspace tag passages with. Renaming a code keeps its id,
            so existing annotations and exports follow.
          </>
        }
      />
      {error && <ErrorMessage error={error} />}
      <NewTagForm ws={ws} onCreated={reload} />
      <p className="tree-hint">
        Drag a code by its handle onto another to nest it (middle) or place it before or after
        (edges). With the keyboard: focus a code, then Alt+↑/↓ reorders it, Alt+→ nests it under the
        code above and Alt+← moves it out.
      </p>
      <div
        className="visually-hidden"
        role="status"
        aria-live="polite"
        data-testid="codebook-status"
      >
        {said}
      </div>
      {picking && (
        <CodePassages
          key={picking.id}
          ws={ws}
          tag={picking}
          onChanged={(message) => {
            setSaid(message);
            reload();
          }}
          onClose={() => setPicking(null)}
        />
      )}
      {tags.length === 0 ? (
        <p className="empty">No codes yet. Add the first one above.</p>
      ) : (
        <CodeTree
          tags={tags}
          focusId={focusId}
          onMove={(tag, placement) => void move(tag, placement)}
          renderRow={(tag, handle) => (
            <TagRow
              key={`${tag.id}:${tag.version}`}
              tag={tag}
              uses={usage[tag.id] ?? 0}
              usesBelow={below[tag.id] ?? usage[tag.id] ?? 0}
              handle={handle}
              onSave={(change) => save(tag, change)}
              onDelete={() => void remove(tag, "refuse")}
              onMerge={() => {
                setMergeInto("");
                setMerging(tag);
              }}
              onPassages={() => setPicking(tag)}
            />
          )}
        />
      )}
      {merging && (
        <ConfirmDialog
          title={`Merge “${merging.label}” into…`}
          choices={mergeInto ? [{ label: "Merge", value: "merge", danger: true }] : []}
          onClose={(choice) => {
            const tag = merging;
            setMerging(null);
            if (choice === "merge" && mergeInto) void merge(tag, mergeInto);
          }}
        >
          <p>
            Every passage coded “{merging.label}” gets the chosen code instead (once, if it has
            both), its sub-codes move under it, and “{merging.label}” is removed.
          </p>
          <label>
            Merge into
            <select
              className="merge-select"
              value={mergeInto}
              onChange={(e) => setMergeInto(e.target.value)}
            >
              <option value="">Choose a code…</option>
              {tags
                .filter((t) => !isWithin(tags, t.id, merging.id))
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.path.join(" › ")}
                  </option>
                ))}
            </select>
          </label>
        </ConfirmDialog>
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
  const { busy, error, submit } = useSubmit(async () => {
    await createTag(ws, { label, color, ...(description.trim() ? { description } : {}) });
    setLabel("");
    setDescription("");
    onCreated();
  });

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
