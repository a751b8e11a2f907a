import type { ImportSummary } from "./api.ts";

const KINDS: Record<string, string> = {
  source: "Source",
  selection: "Passage",
  coding: "Coding",
  note: "Note",
  link: "Link",
  code: "Code",
};

/** What came in and what was skipped and why (all text, never HTML). */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const { imported } = summary;
  const counts = [
    [imported.documents, "documents"],
    [imported.codesCreated, "new codes"],
    [imported.codesMerged, "codes merged into existing ones"],
    [imported.annotations, "coded passages"],
    [imported.notes, "notes"],
    [imported.links, "links"],
  ] as const;
  const strangers = summary.users.filter((u) => !u.memberId);
  return (
    <section className="import-summary" aria-label="Import summary" data-status={summary.status}>
      <h3>
        {summary.status === "failed"
          ? "The import stopped"
          : summary.repeated
            ? "Already imported: nothing was added twice"
            : summary.status === "running"
              ? `Importing… ${summary.progress.done} of ${summary.progress.total} sources`
              : "Imported"}
        {summary.origin && ` from ${summary.origin}`}
      </h3>
      {summary.failure && <p className="error">{summary.failure}</p>}
      <ul aria-label="Imported">
        {counts.map(([n, label]) => (
          <li key={label}>
            {n} {label}
          </li>
        ))}
      </ul>
      {strangers.length > 0 && (
        <p className="hint">
          Not members of this workspace (their passages are recorded under your name):{" "}
          {strangers.map((u) => u.name).join(", ")}
        </p>
      )}
      {summary.skippedTotal > 0 && (
        <>
          <h4>Skipped ({summary.skippedTotal})</h4>
          <ul aria-label="Skipped">
            {summary.skipped.map((s) => (
              // A REFI item is skipped once per kind and reason, so these three make a key.
              <li key={`${s.kind}|${s.ref}|${s.reason}`}>
                <strong>
                  {KINDS[s.kind] ?? s.kind}
                  {s.name ? ` “${s.name}”` : ""}:
                </strong>{" "}
                {s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
