import type { Context } from "@gloss/core/context";
import { LOCAL_OWNER, type User } from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";

/**
 * With GLOSS_AUTH=on, the first account to sign in becomes an owner of the workspace used before
 * sign-in was turned on, so nothing made without accounts is stranded. Later accounts join by
 * invitation like everyone else.
 */
export async function handOverLocalWorkspace(
  ctx: Context,
  workspaceId: string,
  user: User,
): Promise<void> {
  const members = await Workspace.listMembers(ctx, workspaceId);
  const claimed = members.some((m) => m.userId !== LOCAL_OWNER.id);
  if (claimed) return;
  await Workspace.addMember(ctx, workspaceId, user, "owner");
}
