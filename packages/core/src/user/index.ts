export {
  endSession,
  renewSession,
  type Session,
  sessionLive,
  startSession,
} from "./session.ts";
export {
  CODE_TTL_SECONDS,
  checkSignInCode,
  issueSignInCode,
  MAX_CHECKS_PER_CODE,
} from "./signin-code.ts";
export { get, getOrCreateByEmail, LOCAL_OWNER, normalizeEmail, type User } from "./user.ts";
