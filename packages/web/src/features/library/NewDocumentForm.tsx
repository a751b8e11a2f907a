import { type FormEvent, useState } from "react";
import { navigate } from "../../app/router.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import { createFromFile, createFromText, type NewDocument } from "./api.ts";

/** Adds a document by pasting its text or uploading a .txt/.md file, then opens it. */
export function NewDocumentForm({ ws, onCreated }: { ws: string; onCreated: () => void }) {
  const [mode, setMode] = useState<"paste" | "upload">("paste");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [sourceUrl, setSourceUrl] = useState("");
  const [publishedAt, setPublishedAt] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const meta: Partial<NewDocument> = {
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(sourceUrl.trim() ? { sourceUrl: sourceUrl.trim() } : {}),
      ...(publishedAt ? { publishedAt } : {}),
    };
    try {
      let created: { id: string };
      if (mode === "paste") {
        if (!meta.title) throw new Error("Give the document a title.");
        if (!text.trim()) throw new Error("Paste the document's text.");
        created = await createFromText(ws, { ...meta, title: meta.title, text });
      } else {
        if (!file) throw new Error("Choose a .txt or .md file.");
        created = await createFromFile(ws, file, meta);
      }
      onCreated();
      navigate(`/d/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="new-document card" onSubmit={submit} aria-label="Add a document">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === "paste"}
          onClick={() => setMode("paste")}
        >
          Paste text
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === "upload"}
          onClick={() => setMode("upload")}
        >
          Upload a file
        </button>
      </div>
      <label>
        Title{mode === "upload" && <span className="hint"> (optional: taken from the file)</span>}
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {mode === "paste" ? (
        <label>
          Text
          <textarea
            name="text"
            rows={10}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Paste the report, article or transcript. Separate paragraphs with a blank line."
          />
        </label>
      ) : (
        <label>
          File (.txt or .md)
          <input
            name="file"
            type="file"
            accept=".txt,.md,.markdown,.text,text/plain,text/markdown"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
      )}
      <div className="row">
        <label>
          Source URL <span className="hint">(optional)</span>
          <input
            name="sourceUrl"
            type="url"
            value={sourceUrl}
            onChange={(e) => setSourceUrl(e.target.value)}
          />
        </label>
        <label>
          Published <span className="hint">(optional)</span>
          <input
            name="publishedAt"
            type="date"
            value={publishedAt}
            onChange={(e) => setPublishedAt(e.target.value)}
          />
        </label>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Adding…" : "Add document"}
        </button>
      </div>
    </form>
  );
}
