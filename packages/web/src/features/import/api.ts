import { ApiError, request } from "../../api/client.ts";

/** What an import brought in and what it left out, as `POST …/imports/*` answers. */
export interface ImportSummary {
  importId: string;
  kind: "project" | "codebook";
  status: "running" | "done" | "failed";
  repeated: boolean;
  origin: string;
  progress: { done: number; total: number };
  imported: {
    documents: number;
    codesCreated: number;
    codesMerged: number;
    annotations: number;
    notes: number;
    links: number;
  };
  codes: Array<{
    name: string;
    tagId: string;
    action: "created" | "merged";
    notice: string | null;
  }>;
  users: Array<{ name: string; memberId: string | null }>;
  skipped: Array<{ kind: string; ref: string; name: string; reason: string }>;
  skippedTotal: number;
  failure: string | null;
}

const imports = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/imports`;

/** Files up to this size go in the request; larger ones straight to storage (Lambda's 6 MB limit). */
const DIRECT_LIMIT = 5 * 1024 * 1024;

/** Imports a .qdpx or .qdc; a large project through a direct upload, polled until it is done. */
export async function importFile(
  ws: string,
  kind: "project.qdpx" | "codebook.qdc",
  file: File,
  onProgress: (summary: ImportSummary) => void,
): Promise<ImportSummary> {
  if (kind === "codebook.qdc" || file.size <= DIRECT_LIMIT) {
    const form = new FormData();
    form.set("file", file);
    return request("POST", `${imports(ws)}/${kind}`, form);
  }
  const started = await request<{
    uploadId: string;
    upload: { url: string; headers: Record<string, string> };
  }>("POST", `${imports(ws)}/uploads`, { fileName: file.name, size: file.size });
  const put = await fetch(started.upload.url, {
    method: "PUT",
    headers: started.upload.headers,
    body: file,
  }).catch(() => null);
  if (!put?.ok)
    throw new ApiError(put?.status ?? 0, "upload.failed", "The file could not be uploaded.");
  let summary = await request<ImportSummary>("POST", `${imports(ws)}/project.qdpx`, {
    uploadId: started.uploadId,
  });
  while (summary.status === "running") {
    onProgress(summary);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    summary = await request<ImportSummary>("GET", `${imports(ws)}/${summary.importId}`);
  }
  return summary;
}
