import { type FormEvent, useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import type { Document } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import {
  type AttributeDefinition,
  type AttributeValue,
  listAttributes,
} from "../attributes/api.ts";
import { formatValue, parseInput } from "../attributes/text.ts";
import { ValueInput } from "../attributes/ValueInput.tsx";
import { updateDocument } from "./api.ts";

/**
 * Corrects what every citation of a document is built from: title, author, source URL and
 * publication date, and sets its attribute values (country, source type, …). The change is checked against the version read, so a colleague's edit made meanwhile is
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
  const [author, setAuthor] = useState(document.author ?? "");
  const [attributes, setAttributes] = useState<AttributeDefinition[]>([]);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(document.attributes).map(([k, v]) => [k, formatValue(v)])),
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    listAttributes(ws).then(setAttributes, () => setAttributes([]));
  }, [ws]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const changed: Record<string, AttributeValue | null> = {};
      for (const a of attributes) {
        const text = values[a.id] ?? "";
        if (text !== formatValue(base.attributes[a.id])) changed[a.id] = parseInput(a, text);
      }
      const saved = await updateDocument(ws, document.id, {
        title: title.trim(),
        sourceUrl: sourceUrl.trim() || null,
        publishedAt: publishedAt || null,
        author: author.trim() || null,
        ...(Object.keys(changed).length ? { attributes: changed } : {}),
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
        setAuthor(fresh.author ?? "");
        setValues(
          Object.fromEntries(Object.entries(fresh.attributes).map(([k, v]) => [k, formatValue(v)])),
        );
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
          Author
          <input
            dir="auto"
            value={author}
            placeholder="A person or an organisation"
            onChange={(e) => setAuthor(e.target.value)}
            maxLength={300}
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
        {attributes.map((a) => (
          <div className="attribute-field" key={a.id}>
            <span>{a.name}</span>
            <ValueInput
              attribute={a}
              value={values[a.id] ?? ""}
              label={a.name}
              onChange={(v) => setValues((old) => ({ ...old, [a.id]: v }))}
            />
          </div>
        ))}
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
