import { type Item, oneOf, optStr, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { Role } from "./schema.ts";

/** A membership as stored (`WS#<ws>` / `MEMBER#<user>`, GSI1 `USER#<user>` / `WS#<ws>`). */
export interface MemberItem {
  workspaceId: string;
  userId: string;
  /** Memberships from before names were copied in have none: the user id stands in. */
  name: string;
  email: string | null;
  role: Role;
  createdAt: string;
}

/** The item of a membership; an absent email is left out rather than stored as null. */
export function toItem(member: MemberItem): Item {
  return {
    ...keys.member(member.workspaceId, member.userId),
    ...keys.memberIndex(member.workspaceId, member.userId),
    type: "member",
    ...member,
    email: member.email ?? undefined,
  };
}

/** The stored shape of a membership, parsed. */
export function fromItem(item: Item): MemberItem {
  const userId = str(item, "userId");
  return {
    workspaceId: str(item, "workspaceId"),
    userId,
    name: optStr(item, "name") ?? userId,
    email: optStr(item, "email"),
    role: oneOf(item, "role", Role.options),
    createdAt: str(item, "createdAt"),
  };
}
