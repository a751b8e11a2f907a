import type { AttributeDefinition } from "./api.ts";

/** The input for one attribute's value, as text: a select for choices and yes/no. */
export function ValueInput({
  attribute,
  value,
  onChange,
  label,
}: {
  attribute: AttributeDefinition;
  value: string;
  onChange: (value: string) => void;
  label: string;
}) {
  if (attribute.type === "choice" || attribute.type === "boolean") {
    const options = attribute.type === "boolean" ? ["yes", "no"] : attribute.choices;
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      dir="auto"
      type={attribute.type === "date" ? "date" : attribute.type === "number" ? "number" : "text"}
      placeholder={attribute.type === "choices" ? attribute.choices.join("; ") : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
