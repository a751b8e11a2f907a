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
