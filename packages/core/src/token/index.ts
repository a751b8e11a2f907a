export { ApiToken, CreateApiTokenInput, CreatedApiToken } from "./schema.ts";
export { create, list, revoke, TOKEN_PREFIX, verify } from "./token.ts";
