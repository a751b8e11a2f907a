import { type ChangeEvent, useRef, useState } from "react";
import { describeError } from "../../api/client.ts";
import type { ImportResult } from "../../api/types.ts";
import { ErrorMessage } from "../../components/Status.tsx";
import { type ExportScope, exportUrl, importAnnotations } from "./api.ts";
import { useCloseOutside } from "./useCloseOutside.ts";
import "./findings.css";

interface ExportItem {
  file: string;
  label: string;
  detail: string;
  params: Record<string, string | undefined>;
}

function exportsOf(scope: ExportScope, bom: boolean): ExportItem[] {
  const filters = { ...scope };
  const excel = bom ? "1" : undefined;
  return [
    {
      file: "extracts.csv",
      label: "Extracts, long (CSV)",
      detail: "a row per passage and code: R, pandas, pivot tables",
      params: { ...filters, layout: "long", bom: excel },
    },
    {
      file: "extracts.csv",
      label: "Extracts, wide (CSV)",
      detail: "a row per passage, codes joined by “; ”",
      params: { ...filters, layout: "wide", bom: excel },
    },
    {
      file: "findings-codes.csv",
      label: "Findings per code (CSV)",
      detail: "passages and documents per code",
      params: { ...filters, bom: excel },
    },
    {
      file: "findings-matrix.csv",
      label: "Codes × documents (CSV)",
      detail: "a row per code and document: pivot it for the matrix",
      params: { ...filters, bom: excel },
    },
    {
      file: "report.html",
      label: "Findings report (HTML)",
      detail: "printable, self-contained, with citations",
      params: filters,
    },
    {
      file: "annotations.jsonld",
      label: "W3C Web Annotations (JSON-LD)",
      detail: "for Hypothesis, Recogito and other annotation tools",
      params: filters,
    },
    {
      file: "codebook.qdc",
      label: "Codebook (REFI-QDA .qdc)",
      detail: "codes for NVivo, ATLAS.ti, MAXQDA",
      params: { tag: scope.tag },
    },
    {
      file: "project.qdpx",
      label: "Project (REFI-QDA .qdpx)",
      detail: "sources, codes and codings for NVivo, ATLAS.ti, MAXQDA",
      params: filters,
    },
  ];
}

/** Download links for every export, as plain anchors to the API (the browser does the rest). */
function ExportLinks({ ws, scope }: { ws: string; scope: ExportScope }) {
  const [bom, setBom] = useState(false);
  return (
    <>
      <ul className="export-list">
        {exportsOf(scope, bom).map((item) => (
          <li key={item.label}>
            <a href={exportUrl(ws, item.file, item.params)} download>
              {item.label}
            </a>
            <span className="hint">{item.detail}</span>
          </li>
        ))}
      </ul>
      <label className="inline-check">
        <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
        CSV for Excel (with a byte order mark, so accents and scripts survive)
      </label>
    </>
  );
}

/** "Import W3C annotations": a JSON-LD file onto this workspace's documents, with its counts. */
function ImportAnnotations({ ws, onImported }: { ws: string; onImported?: () => void }) {
  const [state, setState] = useState<
    | { status: "idle" | "working" }
    | { status: "done"; result: ImportResult; name: string }
    | { status: "error"; error: string }
  >({ status: "idle" });

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setState({ status: "working" });
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      setState({ status: "error", error: `“${file.name}” is not a JSON-LD (JSON) file.` });
      return;
    }
    // A collection, a page, one annotation, or a bare array (as Recogito and Hypothesis tools save).
    if (typeof body !== "object" || body === null) {
      setState({ status: "error", error: `“${file.name}” is not an annotation collection.` });
      return;
    }
    try {
      const result = await importAnnotations(ws, body as Record<string, unknown>);
      setState({ status: "done", result, name: file.name });
      onImported?.();
    } catch (error) {
      setState({ status: "error", error: `Nothing was imported: ${describeError(error)}` });
    }
  }

  return (
    <div className="import">
      <label>
        Import W3C annotations (JSON-LD: Gloss, Hypothesis, Recogito)
        <input
          type="file"
          accept=".jsonld,.json,application/ld+json,application/json"
          disabled={state.status === "working"}
          onChange={(e) => void onFile(e)}
        />
      </label>
      {state.status === "working" && <p className="loading">Importing…</p>}
      {state.status === "error" && <ErrorMessage error={state.error} />}
      {state.status === "done" && (
        <div className="import-result" role="status">
          <p>
            From “{state.name}”: <strong>{state.result.imported}</strong> annotation
            {state.result.imported === 1 ? "" : "s"} and{" "}
            <strong>{state.result.linksImported}</strong> link
            {state.result.linksImported === 1 ? "" : "s"} imported
            {state.result.tagsCreated.length > 0 &&
              `; codes added: ${state.result.tagsCreated.join(", ")}`}
            {state.result.skipped.length > 0 && `; ${state.result.skipped.length} skipped`}.
          </p>
          {state.result.skipped.length > 0 && (
            <details>
              <summary>Why some were skipped</summary>
              <ul className="skipped">
                {state.result.skipped.map((s) => (
                  <li key={`${s.id}-${s.reason}`}>
                    <code>{s.id}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}

/** The findings page's export and import panel. */
export function ExportPanel({
  ws,
  scope,
  onImported,
}: {
  ws: string;
  scope: ExportScope;
  onImported?: () => void;
}) {
  return (
    <section className="panel export-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="hint">Files follow the filters above.</p>
      <ExportLinks ws={ws} scope={scope} />
      <ImportAnnotations ws={ws} onImported={onImported} />
    </section>
  );
}

/** The reader toolbar's export menu, for the document open in it. */
export function ExportMenu({ ws, documentId }: { ws: string; documentId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useCloseOutside(ref);
  return (
    <div ref={ref} className="export-menu-wrap">
      <details className="export-menu">
        <summary>Export</summary>
        <div className="export-popover">
          <p className="hint">This document’s passages:</p>
          <ExportLinks ws={ws} scope={{ documentId }} />
        </div>
      </details>
    </div>
  );
}
