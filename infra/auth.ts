import { edgeSecret } from "./edge";
import { email } from "./email";
import { lambdaDefaults } from "./functions";
import { table } from "./storage";

/**
 * Sign-in: the OpenAuth issuer as its own Lambda, storing keys, codes and refresh tokens (hashed)
 * in the Gloss table. `infra/web.ts` also routes its paths on the app's origin.
 */
export const auth = new sst.aws.Auth("Auth", {
  issuer: {
    handler: "packages/functions/src/auth.handler",
    ...lambdaDefaults,
    link: email ? [table, edgeSecret, email] : [table, edgeSecret],
  },
});
