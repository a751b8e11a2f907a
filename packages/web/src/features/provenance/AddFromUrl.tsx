import { type FormEvent, useState } from "react";
import { readerPath } from "../../app/paths.ts";
import { navigate } from "../../app/router.tsx";
import { captureUrl } from "./api.ts";

/** "Add from URL": Gloss fetches a public page and keeps it with its capture details. */
export function AddFromUrl({ ws }: { ws: string }) {
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const document = await captureUrl(ws, url.trim());
      navigate(readerPath(document.id, ws));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="add-from-url" onSubmit={submit}>
      <label>
        Add from URL{" "}
        <input
          type="url"
          placeholder="https://…"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          required
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Fetching…" : "Fetch page"}
      </button>
      <a className="prov-note" href="/send">
        Pages behind a login: Send to Gloss
      </a>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
