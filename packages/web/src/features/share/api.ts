import type { CreatedShare as CreatedShareSchema, CreateShareInput } from "@gloss/core/share";
import type { z } from "zod";
import { request } from "../../api/client.ts";
import type { Page, Relation, Share } from "../../api/types.ts";

const ofWorkspace = (ws: string) => `/workspaces/${encodeURIComponent(ws)}`;
const ofDocument = (ws: string, docId: string) =>
  `${ofWorkspace(ws)}/documents/${encodeURIComponent(docId)}/shares`;

/** POST …/shares: what the dialog sends (the schema's input: defaults may be left out). */
export type NewShare = z.input<typeof CreateShareInput>;
/** The created link, with its secret token and `/s/<token>` path: in this response only. */
export type CreatedShare = z.infer<typeof CreatedShareSchema>;

/**
 * Creates a read-only link to a document; the token comes back this once. Not retried under an
 * Idempotency-Key: a replay would come back without the token.
 */
export function createShare(ws: string, docId: string, input: NewShare): Promise<CreatedShare> {
  return request("POST", ofDocument(ws, docId), { ...input });
}

/** Links of a document, newest first. */
export async function listDocumentShares(ws: string, docId: string): Promise<Share[]> {
  return (await request<Page<Share>>("GET", ofDocument(ws, docId))).items;
}

/** Every link of the workspace (owners). */
export async function listWorkspaceShares(ws: string): Promise<Share[]> {
  return (await request<Page<Share>>("GET", `${ofWorkspace(ws)}/shares`)).items;
}

/** Revokes a link; it stops working at once. */
export function revokeShare(ws: string, shareId: string): Promise<void> {
  return request("DELETE", `${ofWorkspace(ws)}/shares/${encodeURIComponent(shareId)}`);
}

/** A passage as a share link shows it: notes may be stripped, the author is a display name. */
export interface SharedPassage {
  id: string;
  start: number;
  end: number;
  exact: string;
  tags: string[];
  /** null when the link excludes notes */
  note: string | null;
  /** null in an anonymous share, as is the time */
  author: string | null;
  createdAt: string | null;
  /** Checked by the server against the stored text version */
  verified: boolean;
}

/** A link between two shared passages; `note` is empty when the link excludes notes. */
export interface SharedLink {
  fromId: string;
  toId: string;
  relation: Relation;
  note: string;
}

/** What `GET /api/shared/:token` returns: exactly what the link allows, nothing else. */
export interface SharedView {
  share: {
    label: string;
    /** null in an anonymous share, as is the time */
    sharedBy: string | null;
    createdAt: string | null;
    expiresAt: string | null;
    includeNotes: boolean;
    anonymous: boolean;
    tags: string[] | null;
  };
  document: {
    title: string;
    sourceUrl: string | null;
    publishedAt: string | null;
    textLength: number;
    textVersion: number;
    textSha256: string | null;
    /** The text's language (BCP 47), when known. */
    language: string | null;
  };
  text: string;
  codes: Array<{ id: string; label: string; color: string; description: string }>;
  annotations: SharedPassage[];
  links: SharedLink[];
}

/** The shared view of a link; 404 (ApiError) when it is unknown, revoked or expired. */
export function getShared(token: string): Promise<SharedView> {
  return request("GET", `/shared/${encodeURIComponent(token)}`);
}
