import { readerPath } from "../../app/paths.ts";
import { Link } from "../../app/router.tsx";
import type { UploadState } from "./store.ts";
import "./upload.css";

/** Words for a failure reason from the server ("no text layer (scanned?): …"). */
export function failureText(reason: string | null | undefined): string {
  return `Could not read the file: ${reason?.trim() || "unknown reason"}`;
}

/**
 * One upload's progress: the percentage sent, then "Extracting text…", then a link to open the
 * document, or why the file could not be read.
 */
export function UploadProgress({ state, docId }: { state: UploadState; docId: string }) {
  const percent =
    state.phase === "uploading"
      ? Math.min(100, Math.round((100 * state.loaded) / Math.max(1, state.total)))
      : 100;
  return (
    <div className={`upload-progress ${state.phase}`} data-phase={state.phase}>
      <span className="upload-file">{state.fileName}</span>
      {(state.phase === "uploading" || state.phase === "extracting") && (
        <progress
          max={100}
          value={percent}
          aria-label={`Upload of ${state.fileName}`}
          aria-valuetext={`${percent}%`}
        />
      )}
      <span className="upload-status" role="status">
        {state.phase === "uploading" && `Uploading… ${percent}%`}
        {state.phase === "extracting" && "Extracting text…"}
        {state.phase === "ready" && (
          <>
            Ready. <Link href={readerPath(docId)}>Open “{state.document.title}”</Link>
          </>
        )}
        {state.phase === "stalled" &&
          "Still extracting text after 5 minutes; it will appear here when it is done."}
      </span>
      {state.phase === "failed" && (
        <span className="upload-failure" role="alert">
          {failureText(state.reason)}
        </span>
      )}
    </div>
  );
}
