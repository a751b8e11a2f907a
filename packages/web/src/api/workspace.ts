import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { request } from "./client.ts";
import { queryClient } from "./queryClient.ts";
import { queryKeys } from "./queryKeys.ts";
import type { Workspace } from "./types.ts";

export interface Me {
  user: { id: string; name: string };
  workspaces: Workspace[];
}

/** The caller changes only on sign-in, sign-out or a change of memberships (see refreshMe). */
const meQuery = {
  queryKey: queryKeys.me,
  queryFn: () => request<Me>("GET", "/me"),
  staleTime: Number.POSITIVE_INFINITY,
};

/** The caller and their workspaces, fetched once per page load (retried after a failure). */
export function getMe(): Promise<Me> {
  return queryClient.fetchQuery(meQuery);
}

/** The caller, re-rendering when it is loaded again after refreshMe. */
export function useMe() {
  return useQuery(meQuery);
}

/** Forgets the cached caller, after their workspaces changed or they signed in or out. */
export function refreshMe(): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  window.dispatchEvent(new Event(SELECTED));
}

const KEY = "gloss:workspace";
const SELECTED = "gloss:workspace-selected";

function storedId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked: the first workspace it is
  }
}

let chosen: string | null = storedId();

/** Makes `id` the workspace every page works in, remembered in this browser. */
export function selectWorkspace(id: string): void {
  try {
    window.localStorage.setItem(KEY, id);
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
  chosen = id;
  last = id;
  window.dispatchEvent(new Event(SELECTED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(SELECTED, onChange);
  return () => window.removeEventListener(SELECTED, onChange);
}

/** The id of the chosen workspace (null before any choice), re-rendering when it changes. */
export function useSelectedWorkspaceId(): string | null {
  return useSyncExternalStore(subscribe, () => chosen);
}

let last: string | null = chosen;

/** The workspace the reader works in: the one chosen in the switcher, else the caller's first. */
export async function currentWorkspace(): Promise<Workspace> {
  const { workspaces } = await getMe();
  const picked = workspaces.find((w) => w.id === chosen) ?? workspaces[0];
  if (!picked) throw new Error("You are not a member of any workspace.");
  last = picked.id;
  return picked;
}

/** The id of the workspace the pages last worked in (for links), null before any. */
export function lastWorkspaceId(): string | null {
  return last;
}
