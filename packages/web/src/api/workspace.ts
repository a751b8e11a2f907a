import { request } from "./client.ts";
import type { Workspace } from "./types.ts";

export interface Me {
  user: { id: string; name: string };
  workspaces: Workspace[];
}

let me: Promise<Me> | null = null;

/** The caller and their workspaces, fetched once per page load (retried after a failure). */
export function getMe(): Promise<Me> {
  me ??= request<Me>("GET", "/me").catch((error: unknown) => {
    me = null;
    throw error;
  });
  return me;
}

/** The workspace the reader works in: the caller's first (there are no accounts yet). */
export async function currentWorkspace(): Promise<Workspace> {
  const { workspaces } = await getMe();
  const first = workspaces[0];
  if (!first) throw new Error("You are not a member of any workspace.");
  return first;
}
