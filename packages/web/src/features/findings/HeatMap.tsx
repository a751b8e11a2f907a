import { useState } from "react";
import type { Findings } from "../../api/types.ts";
import { CodeChip } from "./CodeChip.tsx";
import { cellColours } from "./shade.ts";

export interface Cell {
  code: string;
  documentId: string;
}

/**
 * The code × document matrix as a table: a row per code, a column per document, each cell shaded
 * by its count and showing the number (the shading is never the only carrier of the figure).
 * A non-empty cell is a button that opens its passages.
 */
export function HeatMap({
  findings,
  selected,
  onSelect,
}: {
  findings: Findings;
  selected: Cell | null;
  onSelect: (cell: Cell) => void;
}) {
  const [scale, setScale] = useState<"code" | "neutral">("code");
  const { codes, documents, matrix } = findings;
  const max = Math.max(0, ...codes.flatMap((c) => Object.values(matrix[c.code] ?? {})));
  return (
    <div className="heatmap-wrap">
      <div className="heatmap-tools" role="toolbar" aria-label="Shading">
        <span className="hint">Shading</span>
        {(["code", "neutral"] as const).map((s) => (
          <button key={s} type="button" aria-pressed={scale === s} onClick={() => setScale(s)}>
            {s === "code" ? "Code colour" : "Neutral"}
          </button>
        ))}
      </div>
      <div className="heatmap-scroll">
        <table className="heatmap">
          <caption className="visually-hidden">
            Passages per code (rows) and document (columns); select a number to list its passages
          </caption>
          <thead>
            <tr>
              <th scope="col" className="corner">
                Code
              </th>
              {documents.map((d) => (
                <th key={d.id} scope="col" className="doc-col" title={d.title} data-doc={d.id}>
                  <span dir="auto">{d.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code.code} data-code={code.code}>
                <th scope="row">
                  <CodeChip label={code.label} color={code.color} />
                </th>
                {documents.map((d) => {
                  const count = matrix[code.code]?.[d.id] ?? 0;
                  const picked = selected?.code === code.code && selected.documentId === d.id;
                  return (
                    <td
                      key={d.id}
                      data-doc={d.id}
                      className={`${count ? "" : "zero"}${picked ? " picked" : ""}`}
                      style={cellColours(count, max, code.color, scale)}
                    >
                      {count > 0 ? (
                        <button
                          type="button"
                          aria-pressed={picked}
                          aria-label={`${count} passage${count === 1 ? "" : "s"} coded ${code.label} in ${d.title}`}
                          onClick={() => onSelect({ code: code.code, documentId: d.id })}
                        >
                          {count}
                        </button>
                      ) : (
                        <span>0</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
