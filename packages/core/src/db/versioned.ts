import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf } from "./conditional.ts";

/** What a versioned update changes: attributes to set and attributes to remove. */
export interface VersionedChange {
  set: Record<string, unknown>;
  remove?: readonly string[];
}

/**
 * Changes some attributes of an existing item from the version the caller read to the next one,
 * without a history entry: the unrecorded twin of history's `changeItem`, for entities history
 * does not cover (attribute definitions, saved searches). Every name goes through a placeholder,
 * so reserved words (`name`, `rank`, `type`) need no care at the call site.
 *
 * Returns the item as it now is, or null when the item is absent or not at `expectVersion`.
 * Callers read the current state themselves for the 409 body, because the embedded DynamoDB
 * ignores ReturnValuesOnConditionCheckFailure.
 */
export async function updateVersioned(
  ctx: Context,
  key: { pk: string; sk: string },
  change: VersionedChange,
  options: { expectVersion: number },
): Promise<Record<string, NativeAttributeValue> | null> {
  const names: Record<string, string> = { "#version": "version" };
  const values: Record<string, unknown> = { ":one": 1, ":expect": options.expectVersion };
  const sets = ["#version = #version + :one"];
  Object.entries(change.set).forEach(([name, value], i) => {
    if (name === "version") throw new Error("updateVersioned sets version itself");
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const removes = (change.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const output = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ConditionExpression: "attribute_exists(pk) AND #version = :expect",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: "ALL_NEW",
    }),
  );
  return output ? (output.Attributes ?? {}) : null;
}
