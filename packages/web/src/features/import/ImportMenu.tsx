import { type ChangeEvent, useState } from "react";
import { describeError } from "../../api/client.ts";
import { ErrorMessage } from "../../components/Status.tsx";
import { type ImportSummary, importFile } from "./api.ts";
import { ImportSummaryView } from "./ImportSummaryView.tsx";
import "./import.css";

const CHOICES = [
  {
    kind: "project.qdpx",
    label: "REFI-QDA project (.qdpx)",
    accept: ".qdpx,application/zip",
    detail:
      "from NVivo, ATLAS.ti, MAXQDA, QualCoder or Gloss: text sources, codes, codings, notes, links",
  },
  {
    kind: "codebook.qdc",
    label: "REFI-QDA codebook (.qdc)",
    accept: ".qdc,application/xml,text/xml",
    detail: "codes merge by name into this codebook",
  },
] as const;

/** The library's Import menu: a REFI-QDA project or codebook in, and a summary of what came in. */
export function ImportMenu({ ws, onImported }: { ws: string; onImported: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(
    kind: (typeof CHOICES)[number]["kind"],
    event: ChangeEvent<HTMLInputElement>,
  ) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      const result = await importFile(ws, kind, file, setSummary);
      setSummary(result);
      onImported();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="import-menu">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Import
      </button>
      {open && (
        <section className="import-panel" aria-label="Import">
          <ul className="import-choices">
            {CHOICES.map((c) => (
              <li key={c.kind}>
                <label>
                  <span>{c.label}</span>
                  <input
                    type="file"
                    name={c.kind}
                    accept={c.accept}
                    disabled={busy}
                    onChange={(e) => choose(c.kind, e)}
                  />
                </label>
                <span className="hint">{c.detail}</span>
              </li>
            ))}
          </ul>
          {busy && !summary && <p role="status">Importing…</p>}
          {error && <ErrorMessage error={error} />}
          {summary && <ImportSummaryView summary={summary} />}
        </section>
      )}
    </div>
  );
}
