import { ApiError, request } from "../../api/client.ts";
import type {
  Document,
  DocumentPages,
  UploadCreated,
  UploadTarget,
  VersionCreated,
} from "../../api/types.ts";

const documents = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/documents`;
const one = (ws: string, docId: string) => `${documents(ws)}/${encodeURIComponent(docId)}`;

/** What the library asks for along with a file; every field is optional. */
export interface UploadMeta {
  title?: string;
  sourceUrl?: string;
  publishedAt?: string;
  /** Who wrote or published it; without one, the file's own author if it names one. */
  author?: string;
}

/** Starts a direct upload: the API answers with a pending document and a presigned PUT. */
export function startUpload(ws: string, file: File, meta: UploadMeta): Promise<UploadCreated> {
  return request("POST", `${documents(ws)}/uploads`, {
    fileName: file.name,
    size: file.size,
    ...(file.type ? { contentType: file.type } : {}),
    ...meta,
  });
}

/** Starts a direct upload of a revised file; the document moves to it once it is read. */
export function startVersionUpload(ws: string, docId: string, file: File): Promise<UploadCreated> {
  return request("POST", `${one(ws, docId)}/versions/uploads`, {
    fileName: file.name,
    size: file.size,
    ...(file.type ? { contentType: file.type } : {}),
  });
}

/** Adds a revised version from pasted text or a (small) file; the answer has the counts. */
export function addVersion(
  ws: string,
  docId: string,
  source: { text: string } | { file: File },
): Promise<VersionCreated> {
  if ("text" in source) return request("POST", `${one(ws, docId)}/versions`, { text: source.text });
  const form = new FormData();
  form.set("file", source.file);
  return request("POST", `${one(ws, docId)}/versions`, form);
}

/** Where each page starts in the current text; null for sources without pages. */
export function getPages(ws: string, docId: string): Promise<DocumentPages> {
  return request("GET", `${one(ws, docId)}/pages`);
}

export function getDocument(ws: string, docId: string): Promise<Document> {
  return request("GET", one(ws, docId));
}

/**
 * PUTs a file to its presigned URL with XMLHttpRequest, the one browser API that reports upload
 * progress. The browser sets Content-Length from the file; it is signed, so S3 refuses any other.
 */
export function putFile(
  target: UploadTarget,
  file: File,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else {
        // S3 answers in XML: <Code>EntityTooLarge</Code><Message>…</Message>.
        const message = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText)?.[1];
        reject(
          new ApiError(
            xhr.status,
            `storage.${xhr.status}`,
            `The storage refused the file (${xhr.status}${message ? `: ${message}` : ""}).`,
          ),
        );
      }
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, "network", "The upload was interrupted: the storage was unreachable."),
      );
    xhr.onabort = () => reject(new ApiError(0, "aborted", "The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
