import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import { hashSecret } from "@gloss/core/secret";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { queryAllRaw } from "./query.ts";

/** Key components that are bearer secrets (authorisation codes, refresh tokens) by key type. */
const SECRET_POSITION: Record<string, number> = { "oauth:code": 1, "oauth:refresh": 2 };
/** Marks a component already hashed, so a key returned by scan can be removed as it is. */
const HASHED = "sha256:";
const SEPARATOR = "\u001f";

/** The table key of an OpenAuth key, with its secret component replaced by its SHA-256. */
function tableKey(key: string[]) {
  const [kind = "", ...rest] = key;
  const position = SECRET_POSITION[kind];
  const parts = rest.map((part, i) =>
    position !== undefined && i + 1 === position && !part.startsWith(HASHED)
      ? `${HASHED}${hashSecret(part)}`
      : part,
  );
  return { pk: `AUTH#${kind}`, sk: parts.join(SEPARATOR) };
}

/**
 * OpenAuth's storage on the Gloss table, through the same SDK client as everything else, so it
 * works against the embedded DynamoDB too. Codes and refresh tokens are stored only as hashes.
 * Expiry is checked on read (TTL deletion lags, and the embedded DynamoDB has no TTL).
 */
export function tableStorage(ctx: Context): StorageAdapter {
  return {
    async get(key) {
      const result = await ctx.db.send(
        new GetCommand({ TableName: ctx.table, Key: tableKey(key), ConsistentRead: true }),
      );
      const item = result.Item;
      if (!item) return undefined;
      if (typeof item.expiresAt === "number" && item.expiresAt * 1000 <= Date.now())
        return undefined;
      return JSON.parse(item.value as string);
    },
    async set(key, value, expiry) {
      await ctx.db.send(
        new PutCommand({
          TableName: ctx.table,
          Item: {
            ...tableKey(key),
            type: "auth",
            value: JSON.stringify(value),
            ...(expiry ? { expiresAt: Math.floor(expiry.getTime() / 1000) } : {}),
          },
        }),
      );
    },
    async remove(key) {
      await ctx.db.send(new DeleteCommand({ TableName: ctx.table, Key: tableKey(key) }));
    },
    async *scan(prefix) {
      const { pk, sk } = tableKey(prefix);
      const now = Date.now();
      // ["oauth:refresh", subject] must not also match a subject that merely starts the same.
      const skPrefix = prefix.length > 1 ? `${sk}${SEPARATOR}` : "";
      for (const item of await queryAllRaw(ctx, pk, skPrefix)) {
        if (typeof item.expiresAt === "number" && item.expiresAt * 1000 <= now) continue;
        const [kind = ""] = prefix;
        yield [[kind, ...String(item.sk).split(SEPARATOR)], JSON.parse(item.value as string)];
      }
    },
  };
}
