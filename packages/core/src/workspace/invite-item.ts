import { type Item, num, oneOf, optStr, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { Role } from "./schema.ts";

/** An invitation as stored (`INVITE#<hash>`, GSI1 `WS#<ws>#INVITES` / `INVITE#<id>`). */
export interface InviteItem {
  id: string;
  workspaceId: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAtIso: string;
  /** Epoch seconds, the table's TTL attribute. */
  expiresAt: number;
  /** Set by the claim of an accept. */
  usedBy: string | null;
  /** Set once the accept has added the member: from then on the invitation is spent. */
  acceptedAt: string | null;
}

/** The item of a new invitation, under the hash of its secret. */
export function toItem(hash: string, invite: Omit<InviteItem, "usedBy" | "acceptedAt">): Item {
  return {
    ...keys.invite(hash),
    ...keys.inviteIndex(invite.workspaceId, invite.id),
    type: "invite",
    ...invite,
  };
}

/** The stored shape of an invitation, parsed. */
export function fromItem(item: Item): InviteItem {
  return {
    id: str(item, "id"),
    workspaceId: str(item, "workspaceId"),
    role: oneOf(item, "role", Role.options),
    createdBy: str(item, "createdBy"),
    createdAt: str(item, "createdAt"),
    expiresAtIso: str(item, "expiresAtIso"),
    expiresAt: num(item, "expiresAt"),
    usedBy: optStr(item, "usedBy"),
    acceptedAt: optStr(item, "acceptedAt"),
  };
}
