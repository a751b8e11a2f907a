import { useEffect, useMemo, useState } from "react";
import { currentWorkspace, useSelectedWorkspaceId } from "../../api/workspace.ts";
import { PageHead } from "../../components/PageHead.tsx";
import { LoadStatus } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { AttributeFilter } from "../attributes/AttributeFilter.tsx";
import { AttributeMatrix } from "../attributes/AttributeMatrix.tsx";
import { listTags } from "../codebook/api.ts";
import { listAllDocuments } from "../links/api.ts";
import { getFindings } from "./api.ts";
import { CellPassages } from "./CellPassages.tsx";
import { CodeTable } from "./CodeTable.tsx";
import { Cooccurrence } from "./Cooccurrence.tsx";
import { CrossReferences } from "./CrossReferences.tsx";
import { ExportPanel } from "./ExportMenu.tsx";
import { Filters, type Option } from "./Filters.tsx";
import {
  type FindingsFilter,
  fromSearch,
  isEmpty,
  NO_FILTER,
  toParams,
  toSearch,
} from "./filter.ts";
import { type Cell, HeatMap } from "./HeatMap.tsx";
import "./findings.css";

/**
 * `/findings`: across the corpus, passages and documents per code, the code × document heat map
 * with a drill-down to a cell's passages, co-occurring codes, and the cross-references. The
 * filter lives in the address, so a filtered view can be bookmarked or sent to a colleague.
 */
export function FindingsPage() {
  const workspaceId = useSelectedWorkspaceId();
  const [filter, setFilterState] = useState<FindingsFilter>(() =>
    fromSearch(window.location.search),
  );
  const [cell, setCell] = useState<Cell | null>(null);
  const [knownAuthors, setKnownAuthors] = useState<Map<string, string>>(new Map());
  const key = toSearch(filter);

  const setFilter = (next: FindingsFilter) => {
    setFilterState(next);
    setCell(null);
    window.history.replaceState(null, "", `/findings${toSearch(next)}`);
  };

  const [options, reloadOptions] = useAsync(async () => {
    const ws = await currentWorkspace();
    const [documents, tags] = await Promise.all([listAllDocuments(ws.id), listTags(ws.id)]);
    return { documents, tags };
  }, [workspaceId]);

  const [state, reload] = useAsync(async () => {
    const ws = await currentWorkspace();
    return { ws: ws.id, key, findings: await getFindings(ws.id, filter) };
  }, [workspaceId, key]);

  // Authors are offered from every answer seen, so narrowing to one keeps the others choosable.
  useEffect(() => {
    if (state.status !== "ready") return;
    setKnownAuthors((known) => {
      const missing = state.value.findings.authors.filter((a) => known.get(a.id) !== a.name);
      if (missing.length === 0) return known;
      const next = new Map(known);
      for (const a of missing) next.set(a.id, a.name);
      return next;
    });
  }, [state]);

  const choices = useMemo(() => {
    const documents: Option[] =
      options.status === "ready"
        ? options.value.documents.map((d) => ({ id: d.id, label: d.title }))
        : [];
    const codes: Option[] =
      options.status === "ready"
        ? options.value.tags.map((t) => ({ id: t.id, label: t.label, color: t.color }))
        : [];
    const authors: Option[] = [...knownAuthors].map(([id, label]) => ({ id, label }));
    for (const id of filter.authors) if (!knownAuthors.has(id)) authors.push({ id, label: id });
    return { documents, codes, authors };
  }, [options, knownAuthors, filter.authors]);

  const ready = state.status === "ready" ? state.value : null;
  const updating = state.status === "loading" || (ready !== null && ready.key !== key);
  const findings = ready?.findings;

  // The export routes take the same filter as findings.json, so files match what is shown.
  const list = (ids: string[]) => (ids.length ? ids.join(",") : undefined);
  const scope = {
    documentId: list(filter.documentIds),
    tag: list(filter.tags),
    author: list(filter.authors),
    from: filter.from || undefined,
    to: filter.to || undefined,
    // `attr.<id>` parameters ride along: every export takes the attribute filter too.
    ...Object.fromEntries(Object.entries(toParams(filter)).filter(([k]) => k.startsWith("attr."))),
    // The coding layer too: exports of the consensus view hold the consensus passages.
    layer: toParams(filter).layer,
  };

  return (
    <div className="page findings" aria-busy={updating}>
      <PageHead title="Findings">
        {findings && (
          <p className="findings-summary" aria-live="polite">
            <strong>{findings.annotationCount}</strong> passage
            {findings.annotationCount === 1 ? "" : "s"} ·{" "}
            <strong>{findings.documents.length}</strong> document
            {findings.documents.length === 1 ? "" : "s"} · <strong>{findings.codes.length}</strong>{" "}
            code{findings.codes.length === 1 ? "" : "s"} ·{" "}
            <strong>{findings.crossReferences.length}</strong> cross-reference
            {findings.crossReferences.length === 1 ? "" : "s"}
          </p>
        )}
      </PageHead>
      <Filters
        filter={filter}
        onChange={setFilter}
        documents={choices.documents}
        codes={choices.codes}
        authors={choices.authors}
      >
        <AttributeFilter
          value={filter.attributes ?? {}}
          onChange={(attributes) => setFilter({ ...filter, attributes })}
        />
        {!isEmpty(filter) && (
          <button type="button" className="quiet" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        )}
        {updating && findings && <span className="updating">Updating…</span>}
      </Filters>

      <div className="findings-grid">
        <div className="findings-main">
          <LoadStatus state={state} label="Computing the findings…" onRetry={reload} />
          {findings && findings.annotationCount === 0 && (
            <p className="empty">
              {isEmpty(filter)
                ? "No coded passages yet. Tag passages in the reader and their findings appear here."
                : "No coded passage matches this filter."}
            </p>
          )}
          {findings && ready && findings.annotationCount > 0 && (
            <>
              <section className="panel" aria-labelledby="codes-title">
                <h2 id="codes-title">Passages per code</h2>
                <CodeTable findings={findings} />
              </section>
              <section className="panel" aria-labelledby="matrix-title">
                <h2 id="matrix-title">Codes × documents</h2>
                <p className="hint">Select a number to read its passages.</p>
                <HeatMap findings={findings} selected={cell} onSelect={setCell} />
                {cell && (
                  <CellPassages
                    ws={ready.ws}
                    cell={cell}
                    findings={findings}
                    filter={filter}
                    onClose={() => setCell(null)}
                  />
                )}
              </section>
              <section className="panel" aria-labelledby="attribute-matrix-title">
                <h2 id="attribute-matrix-title">Codes × attribute</h2>
                <AttributeMatrix findings={findings} />
              </section>
              <section className="panel" aria-labelledby="co-title">
                <h2 id="co-title">Co-occurring codes</h2>
                <Cooccurrence findings={findings} />
              </section>
              <section className="panel" aria-labelledby="xref-title">
                <h2 id="xref-title">
                  Cross-references <span className="count">{findings.crossReferences.length}</span>
                </h2>
                <CrossReferences findings={findings} />
              </section>
            </>
          )}
        </div>
        <aside className="findings-side">
          {ready && (
            <ExportPanel
              ws={ready.ws}
              scope={scope}
              onImported={() => {
                reload();
                reloadOptions();
              }}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
