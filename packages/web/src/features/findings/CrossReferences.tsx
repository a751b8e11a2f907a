import type { Findings } from "../../api/types.ts";
import { Link } from "../../app/router.tsx";
import { passageHref, relationLabel } from "../links/relations.ts";

type End = Findings["crossReferences"][number]["from"];

const QUOTE_PREVIEW = 300;

function Passage({ end }: { end: End }) {
  return (
    <div className="xref-end">
      <Link href={passageHref(end.documentId, end.annotationId)} className="xref-quote" dir="auto">
        “{end.exact.length > QUOTE_PREVIEW ? `${end.exact.slice(0, QUOTE_PREVIEW)}…` : end.exact}”
      </Link>
      <cite dir="auto">{end.documentTitle}</cite>
    </div>
  );
}

/** The links between passages of the filtered corpus, both quotes side by side. */
export function CrossReferences({ findings }: { findings: Findings }) {
  const links = findings.crossReferences;
  if (links.length === 0) {
    return (
      <p className="empty">
        No linked passages here. In the reader, use “Link to passage…” on an annotation to record
        that two passages corroborate or contradict each other.
      </p>
    );
  }
  return (
    <ol className="xrefs">
      {links.map((link) => (
        <li key={link.id} className="xref" data-link={link.id}>
          <Passage end={link.from} />
          <div className={`xref-relation relation rel-${link.relation}`}>
            {relationLabel(link.relation)}
            <span aria-hidden="true"> →</span>
          </div>
          <Passage end={link.to} />
          {link.note && (
            <p className="xref-note" dir="auto">
              {link.note}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
