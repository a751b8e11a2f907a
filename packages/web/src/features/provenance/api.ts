import { request } from "../../api/client.ts";
import type { Document } from "../../api/types.ts";

export interface Capture {
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  fetchedAt: string;
  status: number | null;
  address: string | null;
  date: string | null;
  lastModified: string | null;
  etag: string | null;
  contentType: string | null;
  via: "server" | "browser";
}

export interface VersionProvenance {
  version: number;
  textSha256: string;
  textBytes: number;
  sourceSha256: string | null;
  sourceBytes: number | null;
  sourceFileName: string | null;
  source: "upload" | "paste" | "url" | "import" | "unknown";
  addedBy: string | null;
  addedByName: string | null;
  addedAt: string | null;
  hashedAt: string;
  hashedWhen: "stored" | "later";
  capture: Capture | null;
}

export interface DocumentProvenance {
  documentId: string;
  currentVersion: number;
  versions: VersionProvenance[];
}

export interface VerifyClaim {
  documentId: string;
  workspaceId?: string;
  textVersion?: number;
  text_sha256?: string;
  start: number;
  end: number;
  exact: string;
}

export interface VerifyResult {
  verified: boolean;
  reason: "match" | "quote_differs" | "out_of_range" | "hash_unknown" | "version_mismatch";
  documentId: string;
  textVersion: number | null;
  textSha256: string | null;
  sourceSha256: string | null;
  checkedAt: string;
}

const documents = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/documents`;

/** Every version of a document with its hashes, source, who added it and when. */
export function getProvenance(ws: string, docId: string): Promise<DocumentProvenance> {
  return request("GET", `${documents(ws)}/${encodeURIComponent(docId)}/provenance`);
}

/** Whether a quote stands at its offsets in a stored version. */
export function verifyCitation(claim: VerifyClaim): Promise<VerifyResult> {
  return request("POST", "/verify", { ...claim });
}

/** Add from URL: the server fetches the page and keeps it with its capture details. */
export function captureUrl(ws: string, url: string): Promise<Document> {
  return request("POST", `${documents(ws)}/captures`, { url });
}

/** Send to Gloss: keeps a page the researcher's browser rendered. */
export function sendPage(
  ws: string,
  page: { url: string; html: string; title?: string },
): Promise<Document> {
  return request("POST", `${documents(ws)}/sent-pages`, { ...page });
}

/** What a verification's reason means, in words. */
export const REASONS: Record<VerifyResult["reason"], string> = {
  match: "The quote stands at these offsets in the stored text.",
  quote_differs: "Other text stands at these offsets: the quote is not what the source says there.",
  out_of_range: "That version does not exist or is shorter than these offsets.",
  hash_unknown: "No version of this document has that text hash.",
  version_mismatch: "The version number and the hash name different versions.",
};
