export { VerifyInput, VerifyResult } from "./schema.ts";
export { verifyQuote } from "./verify.ts";
