import { createContext } from "@gloss/core/context";
import { handle } from "hono/aws-lambda";
import { Resource } from "sst";
import { createIssuer } from "./auth/issuer.ts";
import { log } from "./http/log.ts";

/**
 * The sign-in Lambda (OpenAuth issuer). Codes are written to the function's log until an email
 * sender is configured; see README "Accounts".
 */
export const issuer = createIssuer({
  ctx: createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name }),
  sendCode: async (email, code) => {
    log("info", "sign-in code", { email, code });
  },
});

export const handler = handle(issuer);
