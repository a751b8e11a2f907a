export { acceptInvite, createInvite, listInvites, revokeInvite } from "./invite.ts";
export { addMember, changeRole, listMembers, removeMember } from "./member.ts";
export {
  ChangeRoleInput,
  CreatedInvite,
  CreateInviteInput,
  CreateWorkspaceInput,
  Invite,
  Member,
  Role,
  roleAtLeast,
  Workspace,
} from "./schema.ts";
export {
  create,
  ensureDefault,
  get,
  getMembership,
  listForUser,
  type Membership,
} from "./workspace.ts";
