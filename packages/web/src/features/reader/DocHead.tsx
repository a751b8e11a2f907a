import { useMemo, useState } from "react";
import type { Document } from "../../api/types.ts";
import { formatDate } from "../library/DocumentRow.tsx";
import { MetadataDialog } from "../library/MetadataDialog.tsx";
import { ProvenancePanel } from "../provenance/ProvenancePanel.tsx";
import type { VersionApplied } from "./ReaderPage.tsx";

/**
 * The reader's head: title, source, date, pages, version and reading time, the provenance panel,
 * what a new version just did, and "Edit details" (its details can be corrected here; the text
 * cannot).
 */
export function DocHead({
  document,
  ws,
  text,
  canEdit,
  applied,
  onDismissApplied,
}: {
  document: Document;
  ws: string;
  text: string;
  canEdit: boolean;
  applied: VersionApplied | null;
  onDismissApplied: () => void;
}) {
  const [doc, setDoc] = useState(document);
  const [editingDetails, setEditingDetails] = useState(false);
  // Reading time at ~230 words a minute; counted once, the text is long.
  const minutes = useMemo(() => Math.max(1, Math.round(text.split(/\s+/).length / 230)), [text]);
  return (
    <>
      <header className="doc-head">
        <h1 dir="auto">{doc.title}</h1>
        <p className="doc-meta">
          {doc.sourceUrl && (
            <a href={doc.sourceUrl} rel="noopener noreferrer" target="_blank">
              {doc.sourceUrl}
            </a>
          )}
          {doc.publishedAt && <span>{formatDate(doc.publishedAt)}</span>}
          {doc.pageCount !== null && (
            <span>
              {doc.pageCount} page{doc.pageCount === 1 ? "" : "s"}
            </span>
          )}
          {doc.textVersion > 1 && <span>version {doc.textVersion}</span>}
          <span>{minutes} min read</span>
          {canEdit && (
            <button type="button" className="link-button" onClick={() => setEditingDetails(true)}>
              Edit details
            </button>
          )}
        </p>
        <ProvenancePanel key={doc.textVersion} ws={ws} docId={doc.id} />
        {applied && (
          <p className="version-result" role="status">
            <strong>Version {applied.version} is now the current text.</strong>
            <span>
              moved {applied.counts.moved} · unchanged {applied.counts.unchanged} · orphaned{" "}
              {applied.counts.orphaned}
            </span>
            <button type="button" className="quiet" onClick={onDismissApplied}>
              Dismiss
            </button>
          </p>
        )}
      </header>
      {editingDetails && (
        <MetadataDialog
          ws={ws}
          document={doc}
          onClose={() => setEditingDetails(false)}
          onSaved={(saved) => {
            setDoc(saved);
            setEditingDetails(false);
          }}
        />
      )}
    </>
  );
}
