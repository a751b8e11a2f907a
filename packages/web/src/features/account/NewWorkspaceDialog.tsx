import { useState } from "react";
import { describeError } from "../../api/client.ts";
import type { Workspace } from "../../api/types.ts";
import { Modal } from "../../components/Modal.tsx";
import { createWorkspace } from "./api.ts";

/** Asks for a name and creates a workspace (seeded with the default codebook). */
export function NewWorkspaceDialog({ onClose }: { onClose: (created: Workspace | null) => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal labelledBy="new-workspace-title" onCancel={() => onClose(null)}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            onClose(await createWorkspace(name.trim()));
          } catch (err) {
            setError(describeError(err));
            setBusy(false);
          }
        }}
      >
        <h2 id="new-workspace-title">New workspace</h2>
        <p className="hint">
          A workspace has its own documents, codebook and members. You will be its owner.
        </p>
        <label>
          Name
          <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {error && <p className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            Create workspace
          </button>
        </div>
      </form>
    </Modal>
  );
}
