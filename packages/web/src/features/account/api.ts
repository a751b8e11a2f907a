import type { CreateApiTokenInput, CreatedApiToken } from "@gloss/core/token";
import type {
  CreatedInvite as CreatedInviteSchema,
  CreateInviteInput,
} from "@gloss/core/workspace";
import type { z } from "zod";
import { request } from "../../api/client.ts";
import type { ApiToken, Invite, Member, Page, Role, Workspace } from "../../api/types.ts";

export interface AuthConfig {
  /** "local": everyone is the local owner; "required": sign in first. */
  mode: "local" | "required";
  signedIn: boolean;
}

export function getAuthConfig(): Promise<AuthConfig> {
  return request("GET", "/auth/config");
}

/** Where the sign-in flow starts; the server comes back to `returnTo` (a path on this site). */
export function loginUrl(returnTo: string): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Ends the session and its refresh token. */
export function logout(): Promise<void> {
  return request("POST", "/auth/logout");
}

export function createWorkspace(name: string): Promise<Workspace> {
  return request("POST", "/workspaces", { name });
}

const ws = (id: string) => `/workspaces/${encodeURIComponent(id)}`;

export async function listMembers(wsId: string): Promise<Member[]> {
  return (await request<Page<Member>>("GET", `${ws(wsId)}/members`)).items;
}

/** Changes a member's role; the last owner cannot be demoted (409). */
export function changeRole(wsId: string, userId: string, role: Role): Promise<Member> {
  return request("PATCH", `${ws(wsId)}/members/${encodeURIComponent(userId)}`, { role });
}

/** Removes a member (owners), or leaves when `userId` is the caller's own. */
export function removeMember(wsId: string, userId: string): Promise<void> {
  return request("DELETE", `${ws(wsId)}/members/${encodeURIComponent(userId)}`);
}

export async function listInvites(wsId: string): Promise<Invite[]> {
  return (await request<Page<Invite>>("GET", `${ws(wsId)}/invites`)).items;
}

/** An invitation with its secret, in this response only: the link is /invite/<token>. */
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>;

export function createInvite(
  wsId: string,
  input: z.input<typeof CreateInviteInput>,
): Promise<CreatedInvite> {
  return request("POST", `${ws(wsId)}/invites`, input);
}

export function withdrawInvite(wsId: string, inviteId: string): Promise<void> {
  return request("DELETE", `${ws(wsId)}/invites/${encodeURIComponent(inviteId)}`);
}

/** Joins the workspace of an invitation. */
export function acceptInvite(token: string): Promise<{ workspaceId: string; member: Member }> {
  return request("POST", "/invites/accept", { token });
}

export async function listTokens(): Promise<ApiToken[]> {
  return (await request<Page<ApiToken>>("GET", "/tokens")).items;
}

/** A token with its secret, in this response only. */
export type CreatedToken = z.infer<typeof CreatedApiToken>;

export function createToken(input: z.input<typeof CreateApiTokenInput>): Promise<CreatedToken> {
  return request("POST", "/tokens", input);
}

export function revokeToken(tokenId: string): Promise<void> {
  return request("DELETE", `/tokens/${encodeURIComponent(tokenId)}`);
}
