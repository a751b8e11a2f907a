import { createContext } from "@gloss/core/context";
import { handle } from "hono/aws-lambda";
import { Resource } from "sst";
import { sesCodeSender } from "./auth/email.ts";
import { createIssuer } from "./auth/issuer.ts";
import { log } from "./http/log.ts";

/**
 * The sign-in Lambda (OpenAuth issuer). Codes go out by email through SES when the stage was
 * deployed with an email sender (GLOSS_EMAIL_SENDER, see README "Deploy"); without one they are
 * only written to the function's log, which is fit for trying a stage out, not for users.
 */
const emailLinked = Boolean(process.env.SST_RESOURCE_Email);

export const issuer = createIssuer({
  ctx: createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name }),
  sendCode: emailLinked
    ? sesCodeSender(Resource.Email)
    : async (email, code) => {
        log("warn", "sign-in code (no email sender configured)", { email, code });
      },
});

export const handler = handle(issuer);
