export { CreateWorkspaceInput, Role, roleAtLeast, Workspace } from "./schema.ts";
export {
  create,
  ensureDefault,
  get,
  getMembership,
  listForUser,
  type Membership,
} from "./workspace.ts";
