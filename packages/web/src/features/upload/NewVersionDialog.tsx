import { type FormEvent, useState } from "react";
import type { Document, ReanchorCounts } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import { Tabs } from "../../components/Tabs.tsx";
import { addVersion } from "./api.ts";
import { refusal } from "./check.ts";
import { FileInput } from "./FileInput.tsx";
import { uploadVersion, useUploadState } from "./store.ts";
import { UploadProgress } from "./UploadProgress.tsx";
import "./upload.css";

/**
 * Files up to this size go to `POST …/versions` in one request, whose answer has the re-anchoring
 * counts; the API takes 6 MB bodies, and the multipart envelope needs a little room. Larger files
 * go straight to storage and are read by the ingest function.
 */
const DIRECT_MAX_BYTES = 5 * 1024 * 1024;

/** A new version applied: the document at it, and what happened to the annotations when known. */
export interface NewVersionResult {
  document: Document;
  counts: ReanchorCounts | null;
}

/** The reader's "Upload new version…" dialog: a revised file, or the revised text pasted. */
export function NewVersionDialog({
  ws,
  docId,
  onClose,
  onDone,
}: {
  ws: string;
  docId: string;
  onClose: () => void;
  onDone: (result: NewVersionResult) => void;
}) {
  const [mode, setMode] = useState<"file" | "paste">("file");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const upload = useUploadState(busy ? docId : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      if (mode === "paste" && !text.trim()) throw new Error("Paste the revised text.");
      if (mode === "file") {
        if (!file) throw new Error("Choose the revised file.");
        const reason = refusal(file);
        if (reason) throw new Error(reason);
      }
      setBusy(true);
      if (mode === "paste") {
        const created = await addVersion(ws, docId, { text });
        onDone({ document: created.document, counts: created.annotations });
      } else if (file!.size <= DIRECT_MAX_BYTES) {
        const created = await addVersion(ws, docId, { file: file! });
        onDone({ document: created.document, counts: created.annotations });
      } else {
        onDone({ document: await uploadVersion(ws, docId, file!), counts: null });
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Modal
      className="new-version"
      labelledBy="new-version-title"
      onCancel={() => {
        if (!busy) onClose();
      }}
    >
      <form onSubmit={submit} aria-label="Upload new version">
        <h2 id="new-version-title">Upload a new version</h2>
        <p className="hint">
          The revised text replaces the current one; each annotation is moved to its passage in it.
          Annotations whose passage is gone are kept apart as orphaned. Earlier versions stay
          readable.
        </p>
        <Tabs
          value={mode}
          options={[
            { value: "file", label: "File" },
            { value: "paste", label: "Paste text" },
          ]}
          onChange={setMode}
        />
        {mode === "file" ? (
          <FileInput
            label="Revised file"
            disabled={busy}
            onPick={(picked, refused) => {
              setFile(picked);
              setError(refused);
            }}
          />
        ) : (
          <label>
            Revised text
            <textarea
              name="text"
              rows={10}
              value={text}
              disabled={busy}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
        )}
        {upload && <UploadProgress state={upload} docId={docId} />}
        {error !== null && <ErrorMessage error={error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Applying…" : "Upload version"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
