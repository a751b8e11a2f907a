import { useEffect, useState } from "react";
import { describeError } from "../../api/client.ts";
import type { Document, Tag } from "../../api/types.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { Radio } from "../../components/Choice.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { PageHead } from "../../components/PageHead.tsx";
import { ErrorMessage, LoadStatus } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { AttributeTable } from "../attributes/AttributeTable.tsx";
import { type AttributeDefinition, listAttributes } from "../attributes/api.ts";
import { listTags } from "../codebook/api.ts";
import { ImportMenu } from "../import/ImportMenu.tsx";
import { AddFromUrl } from "../provenance/AddFromUrl.tsx";
import { watchPending } from "../upload/store.ts";
import { deleteDocument, listDocuments } from "./api.ts";
import { DocumentRow } from "./DocumentRow.tsx";
import { MetadataDialog } from "./MetadataDialog.tsx";
import { NewDocumentForm } from "./NewDocumentForm.tsx";
import "./library.css";

/** `/`: the workspace's documents, a search by title, and the form to add one. */
export function LibraryPage() {
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [more, setMore] = useState<{ items: Document[]; cursor: string | null } | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Document | null>(null);
  const [editing, setEditing] = useState<Document | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [view, setView] = useState<"list" | "table">("list");
  const [attributes, setAttributes] = useState<AttributeDefinition[] | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const [state, reload] = useAsync(async () => {
    const ws = await currentWorkspace();
    const [page, tags] = await Promise.all([
      listDocuments(ws.id, { q, limit: 50 }),
      listTags(ws.id),
    ]);
    return { ws, page, tags: new Map<string, Tag>(tags.map((t) => [t.id, t])) };
  }, [q]);

  useEffect(() => {
    if (state.status === "ready") {
      setMore({ items: state.value.page.items, cursor: state.value.page.nextCursor });
    }
  }, [state]);

  async function loadMore() {
    if (state.status !== "ready" || !more?.cursor) return;
    try {
      const page = await listDocuments(state.value.ws.id, { q, limit: 50, cursor: more.cursor });
      setMore({ items: [...more.items, ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setActionError(describeError(error));
    }
  }

  async function confirmDelete(choice: string | null) {
    const document = deleting;
    setDeleting(null);
    if (!choice || !document || state.status !== "ready") return;
    try {
      await deleteDocument(state.value.ws.id, document.id);
      setMore((m) => m && { ...m, items: m.items.filter((d) => d.id !== document.id) });
    } catch (error) {
      setActionError(`Could not delete “${document.title}”: ${describeError(error)}`);
    }
  }

  const documents = more?.items ?? [];
  const ws = state.status === "ready" ? state.value.ws : null;
  // Pending documents (uploaded earlier, or elsewhere) are watched until their file is read.
  useEffect(() => {
    if (!ws) return;
    for (const document of documents)
      if (document.status === "pending") watchPending(ws.id, document);
  }, [ws, documents]);
  const canEdit = ws !== null && ws.role !== "viewer";
  useEffect(() => {
    if (view === "table" && ws && attributes === null)
      listAttributes(ws.id).then(setAttributes, (error) => setActionError(describeError(error)));
  }, [view, ws, attributes]);
  const canDelete = ws?.role === "owner";

  return (
    <div className="page library">
      <PageHead title="Library">
        {canEdit && <ImportMenu ws={ws.id} onImported={reload} />}
        {canEdit && (
          <button type="button" className="primary" onClick={() => setAdding((a) => !a)}>
            {adding ? "Close" : "Add a document"}
          </button>
        )}
      </PageHead>
      {adding && canEdit && <AddFromUrl ws={ws.id} />}
      {adding && canEdit && (
        <NewDocumentForm
          ws={ws.id}
          onCreated={() => {
            setAdding(false);
            reload();
          }}
          onUploadStarted={(document) =>
            setMore((m) => ({
              items: [document, ...(m?.items ?? []).filter((d) => d.id !== document.id)],
              cursor: m?.cursor ?? null,
            }))
          }
        />
      )}
      <label className="search">
        <span className="visually-hidden">Search by title</span>
        <input
          type="search"
          placeholder="Search by title"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      {actionError && <ErrorMessage error={actionError} />}
      <LoadStatus state={state} label="Loading documents…" onRetry={reload} />
      {state.status === "ready" && documents.length === 0 && (
        <p className="empty">
          {q
            ? `No document has “${q}” in its title.`
            : canEdit
              ? "No documents yet. Paste a text or upload a PDF, Word, HTML, Markdown or text file to start."
              : "No documents yet."}
        </p>
      )}
      {state.status === "ready" && documents.length > 0 && (
        <fieldset className="view-switch">
          <legend className="visually-hidden">View</legend>
          <Radio name="library-view" value="list" current={view} onChoose={setView}>
            List
          </Radio>
          <Radio name="library-view" value="table" current={view} onChoose={setView}>
            Table with attributes
          </Radio>
        </fieldset>
      )}
      {state.status === "ready" && documents.length > 0 && view === "table" && attributes && (
        <AttributeTable
          ws={state.value.ws.id}
          documents={documents}
          attributes={attributes}
          canEdit={canEdit}
          onAttributes={setAttributes}
          onSaved={(saved) =>
            setMore(
              (m) => m && { ...m, items: m.items.map((d) => (d.id === saved.id ? saved : d)) },
            )
          }
        />
      )}
      {state.status === "ready" && documents.length > 0 && view === "list" && (
        <ul className="documents" aria-label="Documents">
          {documents.map((document) => (
            <DocumentRow
              key={document.id}
              document={document}
              tags={state.value.tags}
              onDelete={canDelete ? () => setDeleting(document) : undefined}
              onEdit={canEdit ? () => setEditing(document) : undefined}
            />
          ))}
        </ul>
      )}
      {more?.cursor && (
        <button type="button" onClick={loadMore}>
          Show more
        </button>
      )}
      {editing && state.status === "ready" && (
        <MetadataDialog
          ws={state.value.ws.id}
          document={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setMore(
              (m) => m && { ...m, items: m.items.map((d) => (d.id === saved.id ? saved : d)) },
            );
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this document?"
          choices={[{ label: "Delete document", value: "delete", danger: true }]}
          onClose={confirmDelete}
        >
          <p>
            “{deleting.title}” and its {deleting.annotationCount} annotation
            {deleting.annotationCount === 1 ? "" : "s"} will be removed for everyone. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
