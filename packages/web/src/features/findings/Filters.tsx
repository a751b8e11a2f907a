import { type ReactNode, useRef } from "react";
import type { FindingsFilter } from "./filter.ts";
import { useCloseOutside } from "./useCloseOutside.ts";

export interface Option {
  id: string;
  label: string;
  color?: string;
}

/** A multiple choice in a disclosure: its summary says what is chosen, checkboxes inside. */
function MultiSelect({
  label,
  options,
  chosen,
  onChange,
  empty,
}: {
  label: string;
  options: Option[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  empty: string;
}) {
  const names = options.filter((o) => chosen.includes(o.id)).map((o) => o.label);
  const summary =
    chosen.length === 0
      ? "All"
      : chosen.length === 1
        ? (names[0] ?? "1 chosen")
        : `${chosen.length} chosen`;
  return (
    <details className="multi" data-filter={label.toLowerCase()}>
      <summary>
        <span className="multi-label">{label}</span>
        <span className="multi-value">{summary}</span>
      </summary>
      <fieldset>
        <legend className="visually-hidden">{label}</legend>
        {options.length === 0 && <p className="empty">{empty}</p>}
        {options.map((o) => (
          <label key={o.id} className="code-toggle">
            <input
              type="checkbox"
              checked={chosen.includes(o.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))
              }
            />
            {o.color && (
              <span className="swatch" style={{ background: o.color }} aria-hidden="true" />
            )}
            <span className="multi-option">{o.label}</span>
          </label>
        ))}
        {chosen.length > 0 && (
          <button type="button" className="link-button" onClick={() => onChange([])}>
            All {label.toLowerCase()}
          </button>
        )}
      </fieldset>
    </details>
  );
}

/** The findings filter: documents, codes, authors and a creation-date range. */
export function Filters({
  filter,
  onChange,
  documents,
  codes,
  authors,
  children,
}: {
  filter: FindingsFilter;
  onChange: (filter: FindingsFilter) => void;
  documents: Option[];
  codes: Option[];
  authors: Option[];
  children?: ReactNode;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useCloseOutside(ref);
  return (
    <form
      ref={ref}
      className="filters-bar"
      aria-label="Filter the findings"
      onSubmit={(e) => e.preventDefault()}
    >
      <MultiSelect
        label="Documents"
        options={documents}
        chosen={filter.documentIds}
        onChange={(documentIds) => onChange({ ...filter, documentIds })}
        empty="No documents yet."
      />
      <MultiSelect
        label="Codes"
        options={codes}
        chosen={filter.tags}
        onChange={(tags) => onChange({ ...filter, tags })}
        empty="The codebook is empty."
      />
      <MultiSelect
        label="Authors"
        options={authors}
        chosen={filter.authors}
        onChange={(authors) => onChange({ ...filter, authors })}
        empty="Nobody has annotated yet."
      />
      <label className="date">
        From
        <input
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(e) => onChange({ ...filter, from: e.target.value })}
        />
      </label>
      <label className="date">
        To
        <input
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(e) => onChange({ ...filter, to: e.target.value })}
        />
      </label>
      <label className="layer">
        Coding
        <select
          value={filter.layer ?? "all"}
          onChange={(e) =>
            onChange({ ...filter, layer: e.target.value === "consensus" ? "consensus" : "all" })
          }
        >
          <option value="all">All codings</option>
          <option value="consensus">Consensus where resolved</option>
        </select>
      </label>
      {children}
    </form>
  );
}
