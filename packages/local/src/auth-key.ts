import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The secret the issuer seals its private keys with (GLOSS_AUTH_KEY_SECRET). Locally it is made
 * once and kept in the data folder, readable by its owner only, next to the table it protects
 * (that protects a copied table, not a copied data folder, which is the local trade-off).
 */
export async function ensureAuthKeySecret(dataDir: string): Promise<void> {
  if (process.env.GLOSS_AUTH_KEY_SECRET) return;
  const file = join(dataDir, "auth-key-secret");
  let secret = await readFile(file, "utf8")
    .then((text) => text.trim())
    .catch(() => "");
  if (!secret) {
    secret = randomBytes(48).toString("base64url");
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" }).catch(async () => {
      // Another process made it first: use theirs.
      secret = (await readFile(file, "utf8")).trim();
    });
  }
  process.env.GLOSS_AUTH_KEY_SECRET = secret;
}
