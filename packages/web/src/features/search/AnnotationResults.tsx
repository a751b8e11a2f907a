import { useEffect, useState } from "react";
import { passagePath } from "../../app/paths.ts";
import { Link } from "../../app/router.tsx";
import { QuoteAndNote } from "../../components/QuoteAndNote.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { type AnnotationSearchPage, searchAnnotations } from "./api.ts";

/** The Search page's "Notes and quotes" tab: annotations whose note or quote holds the words. */
export function AnnotationResults({ ws, q }: { ws: string; q: string }) {
  const [where, setWhere] = useState<"notes" | "quotes" | "both">("both");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [result, setResult] = useState<AnnotationSearchPage | { error: unknown } | null>(null);
  useEffect(() => {
    let live = true;
    searchAnnotations(ws, {
      q,
      in: where,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }).then(
      (page) => live && setResult(page),
      (error: unknown) => live && setResult({ error }),
    );
    return () => {
      live = false;
    };
  }, [ws, q, where, from, to]);
  return (
    <section aria-label="Notes and quotes">
      <fieldset className="search-filters">
        <legend className="visually-hidden">Annotation filters</legend>
        <label>
          Look in
          <select value={where} onChange={(e) => setWhere(e.target.value as typeof where)}>
            <option value="both">Notes and quotes</option>
            <option value="notes">Notes</option>
            <option value="quotes">Quotes</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </fieldset>
      {!result && <Loading label="Searching…" />}
      {result && "error" in result && <ErrorMessage error={result.error} />}
      {result && !("error" in result) && (
        <>
          <p className="search-summary" role="status">
            <strong className="annotation-total">
              {result.total} annotation{result.total === 1 ? "" : "s"}
            </strong>
          </p>
          <ol className="search-hits">
            {result.items.map(({ annotation, matched }) => (
              <li key={annotation.id} className="annotation-hit">
                <Link href={passagePath(annotation.documentId, annotation.id, ws)}>
                  Open passage
                </Link>{" "}
                <span className="search-hit-place">
                  {annotation.createdAt.slice(0, 10)} · matched in {matched.join(" and ")}
                </span>
                <QuoteAndNote passage={annotation} quoteClass="kwic" noteClass="annotation-note" />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
