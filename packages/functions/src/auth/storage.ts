import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import { authKeyParts, authScan, type Item, keys, optNum, queryAll, str } from "@gloss/core/db";
import { hashSecret } from "@gloss/core/secret";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { isSealed, keySecret, openKey, sealKey } from "./key-secret.ts";

/** Key kinds whose values hold private keys: sealed at rest (key-secret.ts). */
const PRIVATE_KINDS = new Set(["signing:key", "encryption:key", "oauth:key"]);

/** Key components that are bearer secrets (authorisation codes, refresh tokens) by key type. */
const SECRET_POSITION: Record<string, number> = { "oauth:code": 1, "oauth:refresh": 2 };
/** Marks a component already hashed, so a key returned by scan can be removed as it is. */
const HASHED = "sha256:";

/** An OpenAuth key's kind and other parts, the secret part replaced by its SHA-256. */
function storedParts(key: string[]): [kind: string, parts: string[]] {
  const [kind = "", ...rest] = key;
  const position = SECRET_POSITION[kind];
  const parts = rest.map((part, i) =>
    position !== undefined && i + 1 === position && !part.startsWith(HASHED)
      ? `${HASHED}${hashSecret(part)}`
      : part,
  );
  return [kind, parts];
}

/** The table key of an OpenAuth key. */
function tableKey(key: string[]) {
  return keys.auth(...storedParts(key));
}

/**
 * A stored pair (`AUTH#<kind>` / parts): its encoded value, or null once expired (epoch seconds
 * in `expiresAt`; absent for values that never expire).
 */
function liveValue(item: Item, now: number): string | null {
  const expiresAt = optNum(item, "expiresAt");
  if (expiresAt !== null && expiresAt * 1000 <= now) return null;
  return str(item, "value");
}

/**
 * OpenAuth's storage on the Gloss table, through the same SDK client as everything else, so it
 * works against the embedded DynamoDB too. Codes and refresh tokens are stored only as hashes;
 * the issuer's private keys only encrypted (a key record in clear, from before, is read and
 * sealed in place). Expiry is checked on read (TTL deletion lags, and the embedded DynamoDB has
 * no TTL).
 */
export function tableStorage(ctx: Context): StorageAdapter {
  let secret: string | undefined;
  const sealing = () => (secret ??= keySecret());
  const encode = (kind: string, value: unknown) =>
    PRIVATE_KINDS.has(kind) ? sealKey(value, sealing()) : JSON.stringify(value);
  /** A stored value; undefined for a sealed key this secret cannot open (a new one is made). */
  const decode = (stored: string): Record<string, unknown> | undefined => {
    if (!isSealed(stored)) return JSON.parse(stored);
    try {
      return openKey(stored, sealing());
    } catch {
      console.warn("an issuer key sealed with another GLOSS_AUTH_KEY_SECRET was skipped");
      return undefined;
    }
  };
  const put = async (key: string[], value: unknown, expiry?: Date) => {
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.table,
        Item: {
          ...tableKey(key),
          type: "auth",
          value: encode(key[0] ?? "", value),
          ...(expiry ? { expiresAt: Math.floor(expiry.getTime() / 1000) } : {}),
        },
      }),
    );
  };
  return {
    async get(key) {
      const result = await ctx.db.send(
        new GetCommand({ TableName: ctx.table, Key: tableKey(key), ConsistentRead: true }),
      );
      const stored = result.Item ? liveValue(result.Item, Date.now()) : null;
      return stored === null ? undefined : decode(stored);
    },
    async set(key, value, expiry) {
      await put(key, value, expiry);
    },
    async remove(key) {
      await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: tableKey(key) }));
    },
    async *scan(prefix) {
      const [kind, parts] = storedParts(prefix);
      const { pk, skPrefix } = authScan(kind, parts);
      const now = Date.now();
      const items = await queryAll(ctx, {
        partition: ["pk", pk],
        beginsWith: skPrefix === null ? undefined : ["sk", skPrefix],
      });
      for (const item of items) {
        const stored = liveValue(item, now);
        if (stored === null) continue;
        const key = [kind, ...authKeyParts(str(item, "sk"))];
        const value = decode(stored);
        if (value === undefined) continue;
        // Written in clear before keys were sealed: sealed now, in place.
        if (PRIVATE_KINDS.has(kind) && !isSealed(stored)) await put(key, value);
        yield [key, value];
      }
    },
  };
}
