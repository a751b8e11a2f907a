import "./attributes.css";
import { useState } from "react";
import { describeError } from "../../api/client.ts";
import type { Document } from "../../api/types.ts";
import { type AttributeDefinition, addStarterAttributes, setValues } from "./api.ts";
import { formatValue, parseInput } from "./text.ts";
import { ValueInput } from "./ValueInput.tsx";

/**
 * The library as a table: a column per attribute, values edited in place (saved on change), and
 * a bulk edit that sets one attribute on every selected document. Each write is version-checked;
 * a document changed meanwhile is reported, never overwritten. (Its closing markup matches the
 * heat map's table; the tables themselves have nothing in common.)
 */
export function AttributeTable({
  ws,
  documents,
  attributes,
  canEdit,
  onSaved,
  onAttributes,
}: {
  ws: string;
  documents: Document[];
  attributes: AttributeDefinition[];
  canEdit: boolean;
  onSaved: (document: Document) => void;
  onAttributes: (attributes: AttributeDefinition[]) => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAttribute, setBulkAttribute] = useState(attributes[0]?.id ?? "");
  const [bulkValue, setBulkValue] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const chosen = attributes.find((a) => a.id === bulkAttribute) ?? attributes[0];

  async function save(document: Document, attribute: AttributeDefinition, text: string) {
    setError(null);
    try {
      onSaved(await setValues(ws, document, { [attribute.id]: parseInput(attribute, text) }));
    } catch (caught) {
      setError(`“${document.title}”: ${describeError(caught)}`);
    }
  }

  async function applyBulk() {
    if (!chosen) return;
    setError(null);
    let value: ReturnType<typeof parseInput>;
    try {
      value = parseInput(chosen, bulkValue);
    } catch (caught) {
      setError(describeError(caught));
      return;
    }
    const targets = documents.filter((d) => selected.has(d.id));
    const failed: string[] = [];
    for (const document of targets) {
      try {
        onSaved(await setValues(ws, document, { [chosen.id]: value }));
      } catch (caught) {
        failed.push(`“${document.title}”: ${describeError(caught)}`);
      }
    }
    setStatus(
      `${chosen.name} set on ${targets.length - failed.length} of ${targets.length} document${targets.length === 1 ? "" : "s"}.`,
    );
    if (failed.length) setError(failed.join(" "));
  }

  if (attributes.length === 0) {
    return (
      <div className="attribute-empty">
        <p className="empty">
          No attributes yet: define country, source type and the like to compare findings by them.
        </p>
        {canEdit && (
          <button
            type="button"
            onClick={async () => {
              try {
                onAttributes(await addStarterAttributes(ws));
              } catch (caught) {
                setError(describeError(caught));
              }
            }}
          >
            Add country, source type and publication year
          </button>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="attribute-table">
      {canEdit && (
        <fieldset className="bulk-edit">
          <legend>Set for {selected.size} selected</legend>
          <select
            aria-label="Attribute to set"
            value={chosen?.id ?? ""}
            onChange={(e) => {
              setBulkAttribute(e.target.value);
              setBulkValue("");
            }}
          >
            {attributes.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {chosen && (
            <ValueInput
              attribute={chosen}
              value={bulkValue}
              onChange={setBulkValue}
              label={`New ${chosen.name}`}
            />
          )}
          <button
            type="button"
            className="primary"
            disabled={selected.size === 0}
            onClick={applyBulk}
          >
            Apply to selected
          </button>
        </fieldset>
      )}
      <p className="hint" role="status">
        {status ?? ""}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {canEdit && (
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select all documents"
                    checked={selected.size === documents.length && documents.length > 0}
                    onChange={(e) =>
                      setSelected(
                        e.target.checked ? new Set(documents.map((d) => d.id)) : new Set(),
                      )
                    }
                  />
                </th>
              )}
              <th scope="col">Title</th>
              <th scope="col">Author</th>
              {attributes.map((a) => (
                <th key={a.id} scope="col" title={a.description}>
                  {a.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id}>
                {canEdit && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${d.title}`}
                      checked={selected.has(d.id)}
                      onChange={() => toggle(d.id)}
                    />
                  </td>
                )}
                <th scope="row" dir="auto">
                  {d.title}
                </th>
                <td dir="auto">{d.author ?? ""}</td>
                {attributes.map((a) =>
                  canEdit ? (
                    <td key={a.id}>
                      <CellEditor
                        attribute={a}
                        initial={formatValue(d.attributes[a.id])}
                        label={`${a.name} of ${d.title}`}
                        onCommit={(text) => save(d, a, text)}
                      />
                    </td>
                  ) : (
                    <td key={a.id} dir="auto">
                      {formatValue(d.attributes[a.id])}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** An inline value editor: saves when the value is picked (selects) or the field is left. */
function CellEditor({
  attribute,
  initial,
  label,
  onCommit,
}: {
  attribute: AttributeDefinition;
  initial: string;
  label: string;
  onCommit: (text: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const [shown, setShown] = useState(initial);
  if (shown !== initial) {
    // The document was saved elsewhere (bulk edit): show its new value.
    setShown(initial);
    setValue(initial);
  }
  const immediate = attribute.type === "choice" || attribute.type === "boolean";
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: focusout bubbling from the cell's own input commits it; the input is the interactive element
    <span onBlur={() => !immediate && value !== initial && onCommit(value)}>
      <ValueInput
        attribute={attribute}
        value={value}
        label={label}
        onChange={(next) => {
          setValue(next);
          if (immediate && next !== initial) onCommit(next);
        }}
      />
    </span>
  );
}
