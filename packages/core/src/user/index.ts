export { get, getOrCreateByEmail, normalizeEmail, type User } from "./user.ts";
