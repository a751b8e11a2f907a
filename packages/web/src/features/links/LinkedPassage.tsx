import type { MouseEvent, ReactNode } from "react";
import type { Relation } from "../../api/types.ts";

const QUOTE_PREVIEW = 160;

/**
 * One link as its passage's card lists it: the relation seen from this passage, the other
 * passage's quote as a link to it, where that passage is (`place`), the link's note, and any
 * actions (`children`).
 */
export function LinkedPassage({
  id,
  relation,
  phrase,
  href,
  quote,
  place,
  note,
  onFollow,
  children,
}: {
  id?: string;
  relation: Relation;
  phrase: string;
  href: string;
  quote: string;
  place?: ReactNode;
  note: string | null;
  onFollow?: (event: MouseEvent<HTMLAnchorElement>) => void;
  children?: ReactNode;
}) {
  return (
    <li className="passage-link" data-link={id}>
      <span className={`relation rel-${relation}`}>{phrase}</span>
      <a href={href} className="passage-link-target" onClick={onFollow}>
        <span className="passage-link-quote" dir="auto">
          “{quote.length > QUOTE_PREVIEW ? `${quote.slice(0, QUOTE_PREVIEW)}…` : quote}”
        </span>
        {place !== undefined && <span className="passage-link-doc">{place}</span>}
      </a>
      {note && (
        <span className="passage-link-note" dir="auto">
          {note}
        </span>
      )}
      {children}
    </li>
  );
}
