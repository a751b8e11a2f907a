import { useEffect, useState } from "react";
import { type DocumentProvenance, getProvenance, type VersionProvenance } from "./api.ts";
import "./provenance.css";

const SOURCES: Record<VersionProvenance["source"], string> = {
  upload: "uploaded file",
  paste: "pasted text",
  url: "captured from the web",
  import: "imported",
  unknown: "unknown",
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "unknown time");

/** A hash shown whole (it is what a reviewer compares), in a monospace cell. */
function Hash({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="prov-hash">
      <dt>{label}</dt>
      <dd>{value ? <code data-testid={`hash-${label}`}>{value}</code> : <span>none</span>}</dd>
    </div>
  );
}

function VersionEntry({ v }: { v: VersionProvenance }) {
  const c = v.capture;
  return (
    <li className="prov-version" data-version={v.version}>
      <p>
        <strong>Version {v.version}</strong> · {SOURCES[v.source]}
        {v.sourceFileName ? ` (${v.sourceFileName})` : ""} · added by{" "}
        {v.addedByName ?? (v.addedBy ? "a former member" : "someone not recorded")} on{" "}
        {when(v.addedAt)}
      </p>
      {c && (
        <p className="prov-capture">
          {c.via === "server" ? "Fetched by Gloss" : "Sent from the researcher's browser"} from{" "}
          <span dir="ltr">{c.finalUrl}</span> at {when(c.fetchedAt)}
          {c.status !== null ? ` · HTTP ${c.status}` : ""}
          {c.redirects.length > 0 ? ` · after ${c.redirects.length} redirect(s)` : ""}
          {c.lastModified ? ` · Last-Modified ${c.lastModified}` : ""}
          {c.etag ? ` · ETag ${c.etag}` : ""}
          {c.date ? ` · server Date ${c.date}` : ""}
        </p>
      )}
      <dl>
        <Hash label="original SHA-256" value={v.sourceSha256} />
        <Hash label="text SHA-256" value={v.textSha256} />
      </dl>
      {v.hashedWhen === "later" && (
        <p className="prov-note">
          Hashed on {when(v.hashedAt)} from the stored files (added before Gloss took hashes).
        </p>
      )}
    </li>
  );
}

/** The document panel's provenance: where the source came from and every version's hashes. */
/** Keyed by the text version by its parent, so a new version reads it again. */
export function ProvenancePanel({ ws, docId }: { ws: string; docId: string }) {
  const [data, setData] = useState<DocumentProvenance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    let live = true;
    getProvenance(ws, docId).then(
      (p) => live && setData(p),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [open, ws, docId]);
  return (
    <details className="provenance" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Provenance and hashes</summary>
      {error && <p role="alert">{error}</p>}
      {!data && !error && open && <p>Loading…</p>}
      {data && (
        <ol className="prov-versions">
          {[...data.versions].reverse().map((v) => (
            <VersionEntry key={v.version} v={v} />
          ))}
        </ol>
      )}
      <p className="prov-note">
        <a
          href={`/verify?documentId=${encodeURIComponent(docId)}&workspaceId=${encodeURIComponent(ws)}`}
        >
          Verify a citation
        </a>
      </p>
    </details>
  );
}
