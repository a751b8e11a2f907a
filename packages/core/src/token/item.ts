import { type Item, optNum, optStr, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";

/** A personal API token as stored (`TOKEN#<hash of secret>`, GSI1 `USER#<user>` / `TOKEN#<id>`). */
export interface TokenItem {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  /** Both null for a token that never expires; `expiresAt` (epoch seconds) is the TTL. */
  expiresAtIso: string | null;
  expiresAt: number | null;
  lastUsedAt: string | null;
}

/** The item of a new token, under the hash of its secret; a token without expiry has no TTL. */
export function toItem(hash: string, token: Omit<TokenItem, "lastUsedAt">): Item {
  const { expiresAtIso, expiresAt, ...rest } = token;
  return {
    ...keys.apiToken(hash),
    ...keys.apiTokenIndex(token.userId, token.id),
    type: "api-token",
    ...rest,
    ...(expiresAtIso !== null && expiresAt !== null ? { expiresAtIso, expiresAt } : {}),
  };
}

/** The stored shape of a token, parsed. */
export function fromItem(item: Item): TokenItem {
  return {
    id: str(item, "id"),
    userId: str(item, "userId"),
    name: str(item, "name"),
    createdAt: str(item, "createdAt"),
    expiresAtIso: optStr(item, "expiresAtIso"),
    expiresAt: optNum(item, "expiresAt"),
    lastUsedAt: optStr(item, "lastUsedAt"),
  };
}
