import { useState } from "react";
import { describeError } from "../../api/client.ts";
import { ErrorMessage } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { createSubTag, listTags, type RecodeResult, recodePassages } from "./api.ts";

type Action = "move" | "add" | "remove";

/** What a finished re-code says, for a live region. */
function summary(result: RecodeResult, done: string): string {
  const n = result.changed + result.unchanged;
  const failed = result.failed.length
    ? `; ${result.failed.length} not changed (${result.failed[0]!.message})`
    : "";
  return `${n} passage${n === 1 ? "" : "s"} ${done}${failed}`;
}

/**
 * Actions on the selected passages of one code: move them to another code (or to a new sub-code
 * made on the spot — a split by hand), add a code beside it, or take it off. Used by the
 * codebook's passage list and the findings drill-down.
 */
export function RecodeBar({
  ws,
  tag,
  selected,
  onDone,
}: {
  ws: string;
  tag: { id: string; label: string };
  selected: string[];
  onDone: (said: string) => void;
}) {
  const [tags] = useAsync(() => listTags(ws), [ws]);
  const [to, setTo] = useState("");
  const [newLabel, setNewLabel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const none = selected.length === 0;
  const targets = tags.status === "ready" ? tags.value.filter((t) => t.id !== tag.id) : [];
  const labelOf = (id: string) => targets.find((t) => t.id === id)?.label ?? id;

  async function run(action: Action, target?: string) {
    setBusy(true);
    setError(null);
    try {
      const result = await recodePassages(ws, tag.id, {
        annotationIds: selected,
        action,
        ...(target ? { to: target } : {}),
      });
      onDone(
        summary(
          result,
          action === "move"
            ? `moved to ${labelOf(target!)}`
            : action === "add"
              ? `also coded ${labelOf(target!)}`
              : `no longer coded ${tag.label}`,
        ),
      );
    } catch (e) {
      setError(`Not re-coded: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function split() {
    setBusy(true);
    setError(null);
    try {
      const child = await createSubTag(ws, tag.id, newLabel.trim());
      const result = await recodePassages(ws, tag.id, {
        annotationIds: selected,
        action: "move",
        to: child.id,
      });
      setNewLabel("");
      onDone(summary(result, `moved to the new sub-code ${child.label}`));
    } catch (e) {
      setError(`Not split: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of form controls, not a fieldset form
    <div className="recode-bar" role="group" aria-label="Re-code the selected passages">
      <p className="recode-count">{selected.length} selected</p>
      <label>
        Code
        <select value={to} onChange={(e) => setTo(e.target.value)} disabled={busy}>
          <option value="">Choose a code…</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.path.join(" › ")}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={busy || none || !to} onClick={() => void run("move", to)}>
        Move to code
      </button>
      <button type="button" disabled={busy || none || !to} onClick={() => void run("add", to)}>
        Add code
      </button>
      <button
        type="button"
        className="danger-text"
        disabled={busy || none}
        onClick={() => void run("remove")}
      >
        Remove “{tag.label}”
      </button>
      <form
        className="recode-split"
        onSubmit={(e) => {
          e.preventDefault();
          if (!none && newLabel.trim()) void split();
        }}
      >
        <label>
          New sub-code
          <input
            value={newLabel}
            maxLength={80}
            onChange={(e) => setNewLabel(e.target.value)}
            disabled={busy}
          />
        </label>
        <button type="submit" disabled={busy || none || !newLabel.trim()}>
          Split into it
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
