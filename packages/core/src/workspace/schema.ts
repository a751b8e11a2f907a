import { z } from "zod";

export const Role = z.enum(["owner", "editor", "viewer"]).describe("owner > editor > viewer");
export type Role = z.infer<typeof Role>;

export const Workspace = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role.describe("The caller's role in this workspace"),
    createdAt: z.string(),
  })
  .meta({ id: "Workspace" });
export type Workspace = z.infer<typeof Workspace>;

export const CreateWorkspaceInput = z
  .strictObject({ name: z.string().trim().min(1).max(120) })
  .meta({ id: "CreateWorkspaceInput" });
export type CreateWorkspaceInput = z.infer<typeof CreateWorkspaceInput>;

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  const rank = { viewer: 0, editor: 1, owner: 2 } as const;
  return rank[role] >= rank[needed];
}

export const Member = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: Role,
    joinedAt: z.string(),
  })
  .meta({ id: "Member" });
export type Member = z.infer<typeof Member>;

export const ChangeRoleInput = z.strictObject({ role: Role }).meta({ id: "ChangeRoleInput" });

export const Invite = z
  .object({
    id: z.string(),
    role: Role,
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    usedBy: z.string().nullable(),
  })
  .meta({ id: "Invite" });
export type Invite = z.infer<typeof Invite>;

export const CreateInviteInput = z
  .strictObject({
    role: Role.default("editor"),
    expiresInDays: z.number().int().min(1).max(30).default(7),
  })
  .meta({ id: "CreateInviteInput" });
export type CreateInviteInput = z.infer<typeof CreateInviteInput>;

export const CreatedInvite = Invite.extend({
  token: z.string().describe("The invitation secret, shown once; share the link /invite/<token>"),
}).meta({ id: "CreatedInvite" });
