import { useState } from "react";
import type { Findings } from "../../api/types.ts";
import "./attributes.css";

/**
 * Findings' code × attribute value matrix (e.g. code × country), beside code × document. A
 * passage counts under its document's value; several-choices attributes can count it twice.
 */
export function AttributeMatrix({ findings }: { findings: Findings }) {
  const matrices = findings.attributeMatrices.filter((m) => m.values.length > 0);
  const [chosen, setChosen] = useState(matrices[0]?.attributeId ?? "");
  const matrix = matrices.find((m) => m.attributeId === chosen) ?? matrices[0];
  if (!matrix) {
    return <p className="empty">No document has attribute values yet: set them in the library.</p>;
  }
  return (
    <div className="attribute-matrix">
      <label>
        Attribute{" "}
        <select value={matrix.attributeId} onChange={(e) => setChosen(e.target.value)}>
          {matrices.map((m) => (
            <option key={m.attributeId} value={m.attributeId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <div className="table-scroll">
        <table aria-label={`Passages per code and ${matrix.name}`}>
          <thead>
            <tr>
              <th scope="col">Code</th>
              {matrix.values.map((v) => (
                <th key={v} scope="col" dir="auto">
                  {v}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {findings.codes.map((c) => (
              <tr key={c.code}>
                <th scope="row" dir="auto">
                  {c.label}
                </th>
                {matrix.values.map((v) => (
                  <td key={v}>{matrix.matrix[c.code]?.[v] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
