import type { Findings } from "../../api/types.ts";
import { CodeChip } from "./CodeChip.tsx";

/** Per code: how many passages carry it and in how many documents, most frequent first. */
export function CodeTable({ findings }: { findings: Findings }) {
  const max = Math.max(1, ...findings.codes.map((c) => c.passages));
  return (
    <table className="data code-table">
      <caption className="visually-hidden">Passages and documents per code</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col" className="num">
            Passages
          </th>
          <th scope="col" className="num">
            Documents
          </th>
          <th scope="col" className="bar-col">
            <span className="visually-hidden">Share of passages</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {findings.codes.map((code) => (
          <tr key={code.code} data-code={code.code}>
            <th scope="row">
              <CodeChip label={code.label} color={code.color} />
            </th>
            <td className="num passages">{code.passages}</td>
            <td className="num documents">{code.documents}</td>
            <td className="bar-col" aria-hidden="true">
              <span
                className="bar"
                style={{ width: `${(code.passages / max) * 100}%`, background: code.color }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
