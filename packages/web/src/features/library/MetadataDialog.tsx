import { type FormEvent, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import type { Document } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import { updateDocument } from "./api.ts";

/**
 * Corrects what every citation of a document is built from: title, source URL and publication
 * date. The change is checked against the version read, so a colleague's edit made meanwhile is
 * shown instead of being overwritten.
 */
export function MetadataDialog({
  ws,
  document,
  onClose,
  onSaved,
}: {
  ws: string;
  document: Document;
  onClose: () => void;
  onSaved: (document: Document) => void;
}) {
  const [base, setBase] = useState(document);
  const [title, setTitle] = useState(document.title);
  const [sourceUrl, setSourceUrl] = useState(document.sourceUrl ?? "");
  const [publishedAt, setPublishedAt] = useState(document.publishedAt?.slice(0, 10) ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = await updateDocument(ws, document.id, {
        title: title.trim(),
        sourceUrl: sourceUrl.trim() || null,
        publishedAt: publishedAt || null,
        version: base.version,
      });
      onSaved(saved);
    } catch (caught) {
      const current = caught instanceof ApiError ? caught.details?.current : undefined;
      if (caught instanceof ApiError && caught.status === 409 && current) {
        const fresh = current as Document;
        setBase(fresh);
        setTitle(fresh.title);
        setSourceUrl(fresh.sourceUrl ?? "");
        setPublishedAt(fresh.publishedAt?.slice(0, 10) ?? "");
        setError("Someone changed these details meanwhile. Their version is shown; save again.");
      } else {
        setError(`The details were not saved: ${describeError(caught)}`);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal labelledBy="metadata-title" className="metadata-dialog" onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id="metadata-title">Document details</h2>
        <p className="hint">Citations and exports are built from these.</p>
        <label>
          Title
          <input
            required
            dir="auto"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={500}
          />
        </label>
        <label>
          Source URL
          <input
            type="url"
            value={sourceUrl}
            placeholder="https://"
            onChange={(e) => setSourceUrl(e.target.value)}
          />
        </label>
        <label>
          Published
          <input type="date" value={publishedAt} onChange={(e) => setPublishedAt(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving || !title.trim()}>
            Save details
          </button>
        </div>
      </form>
    </Modal>
  );
}
