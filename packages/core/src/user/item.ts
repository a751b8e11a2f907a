import { type Item, optStr, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import type { User } from "./user.ts";

/**
 * A user as stored (`USER#<id>` / `PROFILE`): the entity's fields as they are. The item also
 * carries `defaultWorkspaceId`, which `Workspace.ensureDefault` sets (and which may come first:
 * then it fills in the rest).
 */
export type UserItem = User;

/** The profile item of a user. */
export function toItem(user: UserItem): Item {
  return { ...keys.user(user.id), type: "user", ...user };
}

/** The stored shape of a user, parsed. */
export function fromItem(item: Item): UserItem {
  return {
    id: str(item, "id"),
    email: optStr(item, "email"),
    name: str(item, "name"),
    createdAt: str(item, "createdAt"),
  };
}

/** The item mapping a normalised email to its user: its conditional put makes the email unique. */
export function toEmailItem(email: string, userId: string): Item {
  return { ...keys.userEmail(email), type: "user-email", userId };
}

/** The user id an email item names. */
export function userIdOf(emailItem: Item): string {
  return str(emailItem, "userId");
}
