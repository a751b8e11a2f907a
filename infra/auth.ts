import { edgeSecret } from "./edge";
import { email } from "./email";
import { lambdaDefaults } from "./functions";
import { table } from "./storage";

/**
 * What the issuer seals its private signing and encryption keys with in the table
 * (packages/functions/src/auth/key-secret.ts). Set once per stage before the first deploy:
 * `npx sst secret set GlossAuthKeySecret "$(openssl rand -base64 48)" --stage <stage>`.
 */
export const authKeySecret = new sst.Secret("GlossAuthKeySecret");

/**
 * Sign-in: the OpenAuth issuer as its own Lambda, storing keys, codes and refresh tokens (hashed)
 * in the Gloss table. `infra/web.ts` also routes its paths on the app's origin.
 */
export const auth = new sst.aws.Auth("Auth", {
  issuer: {
    handler: "packages/functions/src/auth.handler",
    ...lambdaDefaults,
    link: email ? [table, edgeSecret, authKeySecret, email] : [table, edgeSecret, authKeySecret],
  },
});
