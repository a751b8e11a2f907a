import { type FormEvent, useState } from "react";
import { REASONS, type VerifyResult, verifyCitation } from "./api.ts";
import "./provenance.css";

/** `/verify`: checks a citation from an export against the stored text (fields from the query). */
export function VerifyPage() {
  const query = new URLSearchParams(window.location.search);
  const [fields, setFields] = useState({
    documentId: query.get("documentId") ?? "",
    workspaceId: query.get("workspaceId") ?? "",
    version: query.get("textVersion") ?? query.get("text_sha256") ?? "",
    start: query.get("start") ?? "",
    end: query.get("end") ?? "",
    exact: query.get("exact") ?? "",
  });
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read the value now: the updater runs later, when the event's currentTarget is gone.
  const set = (name: keyof typeof fields) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setFields((f) => ({ ...f, [name]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    const version = fields.version.trim();
    try {
      setResult(
        await verifyCitation({
          documentId: fields.documentId.trim(),
          ...(fields.workspaceId.trim() ? { workspaceId: fields.workspaceId.trim() } : {}),
          ...(/^\d+$/.test(version) ? { textVersion: Number(version) } : { text_sha256: version }),
          start: Number(fields.start),
          end: Number(fields.end),
          exact: fields.exact,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="page verify-page">
      <h1>Verify a citation</h1>
      <p>
        Give a row of an export (CSV <code>document_id</code>, <code>text_sha256</code> or{" "}
        <code>text_version</code>, <code>start</code>, <code>end</code> and <code>quote</code>):
        Gloss checks the quote against the stored text, not the export.
      </p>
      <form onSubmit={submit} className="verify-form">
        <label>
          Document id <input value={fields.documentId} onChange={set("documentId")} required />
        </label>
        <label>
          Workspace id (optional) <input value={fields.workspaceId} onChange={set("workspaceId")} />
        </label>
        <label>
          Text version or text SHA-256{" "}
          <input value={fields.version} onChange={set("version")} required />
        </label>
        <label>
          Start <input inputMode="numeric" value={fields.start} onChange={set("start")} required />
        </label>
        <label>
          End <input inputMode="numeric" value={fields.end} onChange={set("end")} required />
        </label>
        <label>
          Quote <textarea dir="auto" value={fields.exact} onChange={set("exact")} required />
        </label>
        <button type="submit" className="primary">
          Verify
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {result && (
        <div
          className={`verify-result ${result.verified ? "ok" : "bad"}`}
          role="status"
          data-verified={String(result.verified)}
        >
          <p>
            <strong>{result.verified ? "Verified" : "Not verified"}</strong>:{" "}
            {REASONS[result.reason]}
          </p>
          {result.textVersion !== null && (
            <p>
              Text version {result.textVersion}, SHA-256 <code>{result.textSha256}</code>
              {result.sourceSha256 ? (
                <>
                  ; original file SHA-256 <code>{result.sourceSha256}</code>
                </>
              ) : null}
            </p>
          )}
          <p className="prov-note">Checked {new Date(result.checkedAt).toLocaleString()}.</p>
        </div>
      )}
    </div>
  );
}
