import type { Document, Tag } from "../../api/types.ts";
import { readerPath } from "../../app/paths.ts";
import { Link } from "../../app/router.tsx";
import { TagChip } from "../../components/TagChip.tsx";
import { useUploadState } from "../upload/store.ts";
import { failureText, UploadProgress } from "../upload/UploadProgress.tsx";

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** A date as the reader's locale writes it; dates without a time are not shifted by zones. */
export function formatDate(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return date.toLocaleDateString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(dateOnly ? { timeZone: "UTC" } : {}),
  });
}

/**
 * One document of the library: title, source, date and its annotations per code; a pending
 * document shows its upload's progress, a failed one why its file could not be read.
 */
export function DocumentRow({
  document: listed,
  tags,
  onDelete,
  onEdit,
}: {
  document: Document;
  tags: Map<string, Tag>;
  /** Absent when the caller may not delete documents. */
  onDelete?: (() => void) | undefined;
  /** Absent when the caller may not change documents. */
  onEdit?: (() => void) | undefined;
}) {
  const upload = useUploadState(listed.status === "ready" ? null : listed.id);
  // A document read since the list was loaded: its title may now come from the file.
  const document = upload?.phase === "ready" ? upload.document : listed;
  const counts = Object.entries(document.tagCounts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return (
    <li className="document-row">
      <div className="document-main">
        {document.status === "ready" ? (
          <Link href={readerPath(document.id)} className="document-title" dir="auto">
            {document.title}
          </Link>
        ) : (
          <span className="document-title" dir="auto">
            {document.title}
          </span>
        )}
        {document.status === "pending" && upload && upload.phase !== "ready" && (
          <UploadProgress state={upload} docId={document.id} />
        )}
        {document.status === "pending" && !upload && (
          <span className="doc-status">Extracting text…</span>
        )}
        {document.status === "failed" && (
          <>
            <span className="doc-status failed">Failed</span>
            <span className="upload-failure" role="alert">
              {failureText(document.failureReason)}
            </span>
          </>
        )}
        <div className="document-meta">
          {document.sourceUrl && (
            <a href={document.sourceUrl} rel="noopener noreferrer" target="_blank">
              {hostOf(document.sourceUrl)}
            </a>
          )}
          {document.publishedAt && <span>{formatDate(document.publishedAt)}</span>}
          <span>
            {document.annotationCount} annotation{document.annotationCount === 1 ? "" : "s"}
          </span>
          <span>added {formatDate(document.createdAt)}</span>
        </div>
        {counts.length > 0 && (
          <div className="chips" title="Annotations per code">
            {counts.map(([id, n]) => (
              <TagChip key={id} id={id} tag={tags.get(id)} count={n} />
            ))}
          </div>
        )}
      </div>
      {onEdit && document.status === "ready" && (
        <button
          type="button"
          className="quiet"
          onClick={onEdit}
          aria-label={`Edit details of ${document.title}`}
        >
          Edit details
        </button>
      )}
      {onDelete && (
        <button
          type="button"
          className="quiet danger-text"
          onClick={onDelete}
          aria-label={`Delete ${document.title}`}
        >
          Delete
        </button>
      )}
    </li>
  );
}
