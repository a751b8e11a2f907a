import "./attributes.css";
import { useEffect, useState } from "react";
import { currentWorkspace } from "../../api/workspace.ts";
import { type AttributeDefinition, listAttributes } from "./api.ts";
import { ValueInput } from "./ValueInput.tsx";

/**
 * Findings by attribute value: pick an attribute and a value (`attr.<id>=<value>`); the same
 * parameters go to every export, so the files hold what the page shows.
 */
export function AttributeFilter({
  value,
  onChange,
}: {
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
}) {
  const [attributes, setAttributes] = useState<AttributeDefinition[]>([]);
  const [attributeId, setAttributeId] = useState("");
  const [text, setText] = useState("");
  useEffect(() => {
    currentWorkspace()
      .then((ws) => listAttributes(ws.id))
      .then(setAttributes, () => setAttributes([]));
  }, []);
  if (attributes.length === 0) return null;
  const chosen = attributes.find((a) => a.id === attributeId) ?? attributes[0]!;
  const active = Object.entries(value).filter(([, v]) => v);
  return (
    <fieldset className="attribute-filter">
      <legend>By attribute</legend>
      <select
        aria-label="Filter attribute"
        value={chosen.id}
        onChange={(e) => {
          setAttributeId(e.target.value);
          setText("");
        }}
      >
        {attributes.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <ValueInput attribute={chosen} value={text} onChange={setText} label="Filter value" />
      <button
        type="button"
        disabled={!text.trim()}
        onClick={() => onChange({ ...value, [chosen.id]: text.trim() })}
      >
        Filter
      </button>
      {active.map(([id, v]) => (
        <button
          key={id}
          type="button"
          className="quiet"
          aria-label={`Remove filter ${attributes.find((a) => a.id === id)?.name ?? id}: ${v}`}
          onClick={() => onChange(Object.fromEntries(active.filter(([k]) => k !== id)))}
        >
          {attributes.find((a) => a.id === id)?.name ?? id}: {v} ×
        </button>
      ))}
    </fieldset>
  );
}
