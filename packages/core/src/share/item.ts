import { bool, type Item, optBool, optNum, optStr, optStrings, str } from "../db/fields.ts";
import { keys } from "../db/keys.ts";
import type { Share } from "./schema.ts";

/**
 * A stored share link item: keyed by the SHA-256 of its secret (the secret itself is never
 * stored), indexed under its workspace and document. `expiresAtIso` is the expiry as shown;
 * `expiresAt` the same in epoch seconds, DynamoDB's TTL attribute.
 */
export type ShareItem = {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  type: "share";
  id: string;
  workspaceId: string;
  documentId: string;
  label: string;
  includeNotes: boolean;
  anonymous: boolean;
  tags?: string[];
  createdBy: string;
  createdByName: string;
  createdAt: string;
  views: number;
  lastViewedAt?: string;
  expiresAtIso?: string;
  expiresAt?: number;
};

/** The stored item of a share link of `workspaceId`, under the hash of its secret. */
export function toItem(tokenHash: string, workspaceId: string, share: Share): ShareItem {
  return {
    ...keys.share(tokenHash),
    ...keys.shareIndex(workspaceId, share.documentId, share.id),
    type: "share",
    id: share.id,
    workspaceId,
    documentId: share.documentId,
    label: share.label,
    includeNotes: share.includeNotes,
    anonymous: share.anonymous,
    ...(share.tags ? { tags: share.tags } : {}),
    createdBy: share.createdBy,
    createdByName: share.createdByName,
    createdAt: share.createdAt,
    views: share.views,
    ...(share.lastViewedAt ? { lastViewedAt: share.lastViewedAt } : {}),
    ...(share.expiresAt
      ? {
          expiresAtIso: share.expiresAt,
          expiresAt: Math.floor(Date.parse(share.expiresAt) / 1000),
        }
      : {}),
  };
}

/** A share link from its stored item. */
export function fromItem(item: Item): Share {
  return {
    id: str(item.id, "id"),
    documentId: str(item.documentId, "documentId"),
    label: optStr(item.label, "label") ?? "",
    includeNotes: bool(item.includeNotes, "includeNotes"),
    // Links made before the option existed show names, as they always did.
    anonymous: optBool(item.anonymous, "anonymous") ?? false,
    tags: optStrings(item.tags, "tags") ?? null,
    createdBy: str(item.createdBy, "createdBy"),
    createdByName: str(item.createdByName, "createdByName"),
    createdAt: str(item.createdAt, "createdAt"),
    expiresAt: optStr(item.expiresAtIso, "expiresAtIso") ?? null,
    views: optNum(item.views, "views") ?? 0,
    lastViewedAt: optStr(item.lastViewedAt, "lastViewedAt") ?? null,
  };
}

/** The workspace a stored share link opens. */
export const workspaceOf = (item: Item): string => str(item.workspaceId, "workspaceId");

/** The epoch second after which a stored link no longer opens, if it expires. */
export const expiresAtOf = (item: Item): number | undefined => optNum(item.expiresAt, "expiresAt");
