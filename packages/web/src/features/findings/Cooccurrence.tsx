import type { Findings } from "../../api/types.ts";
import { CodeChip } from "./CodeChip.tsx";

type Pair = Findings["cooccurrence"]["sameAnnotation"][number];

function PairList({
  title,
  hint,
  pairs,
  codes,
  empty,
}: {
  title: string;
  hint: string;
  pairs: Pair[];
  codes: Map<string, { label: string; color: string }>;
  empty: string;
}) {
  const chip = (id: string) => {
    const code = codes.get(id);
    return <CodeChip label={code?.label ?? id} color={code?.color ?? "#868e96"} />;
  };
  return (
    <div className="pairs">
      <h3>{title}</h3>
      <p className="hint">{hint}</p>
      {pairs.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ol aria-label={title}>
          {pairs.map((p) => (
            <li key={`${p.a}|${p.b}`} data-pair={`${p.a}|${p.b}`}>
              {chip(p.a)}
              <span className="with" aria-hidden="true">
                +
              </span>
              <span className="visually-hidden">with</span>
              {chip(p.b)}
              <span className="pair-count">{p.count}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * Which codes occur together: on one passage, and on overlapping passages of a document. The two
 * PairList calls differ only in their data and words: two lists, kept as two readable calls.
 */
export function Cooccurrence({ findings }: { findings: Findings }) {
  const codes = new Map(findings.codes.map((c) => [c.code, c]));
  return (
    <div className="cooccurrence">
      <PairList
        title="Same passage"
        hint="Codes applied together to one passage"
        pairs={findings.cooccurrence.sameAnnotation}
        codes={codes}
        empty="No passage carries two of these codes."
      />
      <PairList
        title="Overlapping passages"
        hint="Codes on different passages whose text overlaps"
        pairs={findings.cooccurrence.overlapping}
        codes={codes}
        empty="No coded passages overlap."
      />
    </div>
  );
}
