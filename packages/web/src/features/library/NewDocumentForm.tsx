import { useState } from "react";
import type { Document } from "../../api/types.ts";
import { readerPath } from "../../app/paths.ts";
import { navigate } from "../../app/router.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import { Tabs } from "../../components/Tabs.tsx";
import { useSubmit } from "../../components/useSubmit.ts";
import { FileInput } from "../upload/FileInput.tsx";
import { uploadDocument, useUploadState } from "../upload/store.ts";
import { UploadProgress } from "../upload/UploadProgress.tsx";
import { createFromText, type NewDocument } from "./api.ts";

/**
 * Adds a document by pasting its text (then opens it) or by uploading a file straight to storage
 * (then shows its progress while it is sent and read; the library lists it as pending meanwhile).
 * Its labelled inputs have the shape of the codebook's and the library's (`duplicates` pairs
 * them): each names its own field and state, so they are written out rather than generated.
 */
export function NewDocumentForm({
  ws,
  onCreated,
  onUploadStarted,
}: {
  ws: string;
  onCreated: () => void;
  onUploadStarted: (document: Document) => void;
}) {
  const [mode, setMode] = useState<"paste" | "upload">("paste");
  const [started, setStarted] = useState<string[]>([]);
  // Bumped to empty the file input once its file is on its way.
  const [fileInput, setFileInput] = useState(0);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [sourceUrl, setSourceUrl] = useState("");
  const [publishedAt, setPublishedAt] = useState("");
  const [author, setAuthor] = useState("");
  const { busy, error, setError, submit } = useSubmit(async () => {
    const meta: Partial<NewDocument> = {
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(sourceUrl.trim() ? { sourceUrl: sourceUrl.trim() } : {}),
      ...(publishedAt ? { publishedAt } : {}),
      ...(author.trim() ? { author: author.trim() } : {}),
    };
    if (mode === "paste") {
      if (!meta.title) throw new Error("Give the document a title.");
      if (!text.trim()) throw new Error("Paste the document's text.");
      const created = await createFromText(ws, { ...meta, title: meta.title, text });
      onCreated();
      navigate(readerPath(created.id, ws));
    } else {
      if (!file) throw new Error("Choose a file: PDF, Word (.docx), HTML, Markdown or text.");
      const pending = await uploadDocument(ws, file, meta);
      setStarted((list) => [pending.id, ...list]);
      setFile(null);
      setFileInput((n) => n + 1);
      onUploadStarted(pending);
    }
  });

  return (
    <form className="new-document card" onSubmit={submit} aria-label="Add a document">
      <Tabs
        value={mode}
        options={[
          { value: "paste", label: "Paste text" },
          { value: "upload", label: "Upload a file" },
        ]}
        onChange={setMode}
      />
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
        <FileInput
          key={fileInput}
          label="File"
          onPick={(picked, refused) => {
            setFile(picked);
            setError(refused);
          }}
        />
      )}
      <label>
        Author
        <span className="hint">
          {mode === "upload" ? " (optional: taken from the file when it names one)" : " (optional)"}
        </span>
        <input
          name="author"
          dir="auto"
          autoComplete="off"
          value={author}
          onChange={(e) => setAuthor(e.target.value)}
        />
      </label>
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
          {busy ? "Adding…" : mode === "upload" ? "Upload" : "Add document"}
        </button>
      </div>
      {started.length > 0 && (
        <ul className="uploads-list" aria-label="Uploads">
          {started.map((id) => (
            <StartedUpload key={id} docId={id} />
          ))}
        </ul>
      )}
    </form>
  );
}

function StartedUpload({ docId }: { docId: string }) {
  const state = useUploadState(docId);
  return <li>{state && <UploadProgress state={state} docId={docId} />}</li>;
}
