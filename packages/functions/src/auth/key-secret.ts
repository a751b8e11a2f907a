import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The issuer's private keys (JWT signing, cookie encryption) are encrypted in the table with a
 * key derived from `GLOSS_AUTH_KEY_SECRET`, so a copy of the table (a backup, a leaked export, a
 * read-only role) cannot forge sessions. Deployed, the secret comes from the stage's secrets
 * (an SST Secret; KMS envelope encryption is the production-grade next step: the same
 * `sealKey`/`openKey` seam, with the data key from KMS `GenerateDataKey`). The local runtime keeps
 * one in its data folder.
 */
export const KEY_SECRET_VARIABLE = "GLOSS_AUTH_KEY_SECRET";
const MIN_SECRET_LENGTH = 32;
const SEALED = "sealed:v1:";

/** Whether this process is a deployed Lambda rather than the local runtime or a test. */
const deployed = (env: NodeJS.ProcessEnv) =>
  Boolean(env.AWS_LAMBDA_FUNCTION_NAME) && env.GLOSS_LOCAL_RUNTIME !== "1";

let ephemeral: string | undefined;

/**
 * The secret keys are sealed with. Deployed without one, this throws at start-up with what to
 * do; in tests (no variable, not deployed) a per-process secret stands in.
 */
export function keySecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env[KEY_SECRET_VARIABLE];
  if (secret) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `${KEY_SECRET_VARIABLE} must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)`,
      );
    }
    return secret;
  }
  if (deployed(env)) {
    throw new Error(
      `${KEY_SECRET_VARIABLE} is not set: the sign-in service will not store its private keys in clear. ` +
        'Set it for this stage (npx sst secret set GlossAuthKeySecret "$(openssl rand -base64 48)") and redeploy.',
    );
  }
  ephemeral ??= randomBytes(32).toString("base64url");
  return ephemeral;
}

const dataKey = (secret: string) =>
  Buffer.from(hkdfSync("sha256", secret, "gloss-auth-keys", "issuer private keys v1", 32));

/** Encrypts a private-key record (AES-256-GCM, random 96-bit IV): `sealed:v1:<iv.tag.data>`. */
export function sealKey(value: unknown, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey(secret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
  return `${SEALED}${parts.join(".")}`;
}

/** Whether a stored value is sealed. */
export const isSealed = (stored: string) => stored.startsWith(SEALED);

/**
 * Decrypts a sealed record; throws when the secret is not the one it was sealed with. What was
 * sealed is OpenAuth's value record (sealKey of a JSON object), so it opens as one, like the
 * JSON.parse of a value stored in clear.
 */
export function openKey(stored: string, secret: string): Record<string, unknown> {
  const [iv = "", tag = "", data = ""] = stored.slice(SEALED.length).split(".");
  const decipher = createDecipheriv("aes-256-gcm", dataKey(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8"));
}
