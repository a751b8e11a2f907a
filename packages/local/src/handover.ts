import type { Context } from "@gloss/core/context";
import { isGlossError } from "@gloss/core/error";
import * as Token from "@gloss/core/token";
import { LOCAL_OWNER, type User } from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";

/**
 * With GLOSS_AUTH=on, the first account to sign in becomes an owner of the workspace used before
 * sign-in was turned on, so nothing made without accounts is stranded. Later accounts join by
 * invitation like everyone else.
 *
 * API tokens made while sign-in was off belong to the local owner, whom no signed-in person can
 * see or revoke; they are revoked at the hand-over rather than passed on (whoever made one on this
 * machine need not be the person signing in). The API refuses them with sign-in on regardless.
 */
export async function handOverLocalWorkspace(
  ctx: Context,
  workspaceId: string,
  user: User,
): Promise<void> {
  for (const token of await Token.list(ctx, LOCAL_OWNER.id)) {
    await Token.revoke(ctx, LOCAL_OWNER.id, token.id).catch((error: unknown) => {
      // Revoked meanwhile by a concurrent first sign-in: the outcome wanted.
      if (!isGlossError(error, "not_found")) throw error;
    });
  }
  const members = await Workspace.listMembers(ctx, workspaceId);
  const claimed = members.some((m) => m.userId !== LOCAL_OWNER.id);
  if (claimed) return;
  await Workspace.addMember(ctx, workspaceId, user, "owner");
}
