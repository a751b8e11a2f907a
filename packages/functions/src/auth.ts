import { createContext } from "@gloss/core/context";
import { handle } from "hono/aws-lambda";
import { Resource } from "sst";
import { sesCodeSender } from "./auth/email.ts";
import { createIssuer } from "./auth/issuer.ts";
import { behindEdge } from "./http/edge.ts";
import { log } from "./http/log.ts";

/**
 * The sign-in Lambda (OpenAuth issuer), the only file of this function that reads linked
 * resources. Deployed, links arrive only in the encrypted `resource.enc` that `Resource` reads, so
 * whether an email sender exists is asked of `Resource`, never of `SST_RESOURCE_*` variables.
 * Codes go out through SES when the stage was deployed with GLOSS_EMAIL_SENDER (README
 * "Deploy"); without one they are only written to the function's log, which is fit for trying a
 * stage out, not for users.
 */
const sender = "Email" in Resource ? Resource.Email : undefined;

/**
 * sst.aws.Auth sets OPENAUTH_STORAGE (its own table, as plain DynamoDB items), and OpenAuth lets
 * that variable override the `storage` it is given: codes and refresh tokens would then be stored
 * unhashed where sign-out never looks. Gloss's storage is the only one it may use.
 */
delete process.env.OPENAUTH_STORAGE;

// The issuer seals its private keys with this stage secret (infra/auth.ts); it reads the
// variable, which a deployed function does not have, so it is set here from the link.
process.env.GLOSS_AUTH_KEY_SECRET ??= Resource.GlossAuthKeySecret.value;

export const issuer = createIssuer({
  // The issuer never reads or writes objects: it has no bucket.
  ctx: createContext({ tableName: Resource.Table.name, bucketName: "" }),
  sendCode: sender
    ? sesCodeSender(sender)
    : async (email, code) => {
        log("warn", "sign-in code (no email sender configured)", { email, code });
      },
});

/** Only requests that came through the Router (its secret header, infra/edge.ts) are served. */
export const handler = handle(behindEdge(issuer, Resource.EdgeSecret.value));
