export { get, getOrCreateByEmail, LOCAL_OWNER, normalizeEmail, type User } from "./user.ts";
