import { randomInt } from "node:crypto";
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf, writeIf } from "../db/conditional.ts";
import { optNum, optStr } from "../db/items.ts";
import { keys } from "../db/keys.ts";
import { hashSecret, sameSecret } from "../secret/index.ts";

/** A code works for 10 minutes and for at most five checks; then a new one is needed. */
export const CODE_TTL_SECONDS = 600;
export const MAX_CHECKS_PER_CODE = 5;
const CODE_LENGTH = 6;

/** The stored form of a code: bound to its email, so it proves nothing for another address. */
const codeHash = (email: string, code: string) => hashSecret(`${email}\u0000${code}`);

/**
 * Makes a new sign-in code for a normalised email, replacing any earlier one (which stops
 * working). Only its hash is stored.
 */
export async function issueSignInCode(ctx: Context, email: string): Promise<string> {
  const code = Array.from({ length: CODE_LENGTH }, () => String(randomInt(10))).join("");
  const now = Math.floor(ctx.now().getTime() / 1000);
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.signInCode(hashSecret(email)),
        type: "signin-code",
        codeHash: codeHash(email, code),
        checks: 0,
        expiresAt: now + CODE_TTL_SECONDS,
      },
    }),
  );
  return code;
}

/**
 * Checks a code against the outstanding code of a normalised email. Each check is counted on the
 * code's item before the comparison, so a burst of parallel guesses gets no more than its share;
 * the fifth check spends the code. The right code is spent by its use (of two concurrent right
 * answers, one wins). "spent": no code, expired, or used up — a new one is needed.
 */
export async function checkSignInCode(
  ctx: Context,
  email: string,
  code: string,
): Promise<"ok" | "wrong" | "spent"> {
  const key = keys.signInCode(hashSecret(email));
  const now = Math.floor(ctx.now().getTime() / 1000);
  const output = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: "ADD checks :one",
      ConditionExpression: "attribute_exists(pk) AND checks < :max AND expiresAt > :now",
      ExpressionAttributeValues: { ":one": 1, ":max": MAX_CHECKS_PER_CODE, ":now": now },
      ReturnValues: "ALL_NEW",
    }),
  );
  if (!output) return "spent";
  const counted = output.Attributes ?? {};
  const stored = optStr(counted, "codeHash") ?? "";
  const right = code.length === CODE_LENGTH && sameSecret(stored, codeHash(email, code));
  if (!right) return (optNum(counted, "checks") ?? 0) >= MAX_CHECKS_PER_CODE ? "spent" : "wrong";
  const first = await writeIf(
    ctx,
    new DeleteCommand({
      TableName: ctx.table,
      Key: key,
      ConditionExpression: "codeHash = :hash",
      ExpressionAttributeValues: { ":hash": stored },
    }),
  );
  return first ? "ok" : "spent";
}
