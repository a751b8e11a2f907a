import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { updateIf } from "./conditional.ts";

/** What a versioned update changes: attributes to set and attributes to remove. */
export interface VersionedChange {
  set: Record<string, unknown>;
  remove?: readonly string[];
}

export interface VersionedOptions {
  /**
   * The version the caller read. Null for a change that does not edit what was read and so
   * applies at whatever version the item is (closing a round: the first close wins, whatever
   * edits came before it); the version still moves on.
   */
  expectVersion: number | null;
  /** Attributes that must hold these values too, e.g. `{ status: "open" }`. */
  when?: Record<string, NativeAttributeValue>;
}

/**
 * Changes some attributes of an existing item from the version the caller read to the next one,
 * without a history entry: the unrecorded twin of history's `changeItem`, for entities history
 * does not cover (attribute definitions, saved searches). Every name goes through a placeholder,
 * so reserved words (`name`, `rank`, `type`) need no care at the call site.
 *
 * Returns the item as it now is, or null when the item is absent, not at `expectVersion`, or
 * not as `when` says.
 * Callers read the current state themselves for the 409 body, because the embedded DynamoDB
 * ignores ReturnValuesOnConditionCheckFailure.
 */
export async function updateVersioned(
  ctx: Context,
  key: { pk: string; sk: string },
  change: VersionedChange,
  options: VersionedOptions,
): Promise<Record<string, NativeAttributeValue> | null> {
  const names: Record<string, string> = { "#version": "version" };
  const values: Record<string, unknown> = { ":one": 1 };
  const conditions = ["attribute_exists(pk)"];
  if (options.expectVersion !== null) {
    values[":expect"] = options.expectVersion;
    conditions.push("#version = :expect");
  }
  Object.entries(options.when ?? {}).forEach(([name, value], i) => {
    names[`#w${i}`] = name;
    values[`:w${i}`] = value;
    conditions.push(`#w${i} = :w${i}`);
  });
  if ("version" in change.set) throw new Error("updateVersioned sets version itself");
  const output = await updateIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: key,
      UpdateExpression: changeExpression("#version = #version + :one", change, names, values),
      ConditionExpression: conditions.join(" AND "),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: "ALL_NEW",
    }),
  );
  return output ? (output.Attributes ?? {}) : null;
}

/**
 * The UpdateExpression of a change: `first` (how the version moves), then `change`'s attributes
 * set and removed, each name and value through a placeholder (`#s<i>`/`:s<i>`, `#r<i>`) added to
 * `names` and `values`.
 */
export function changeExpression(
  first: string,
  change: VersionedChange,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  const sets = [first];
  Object.entries(change.set).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const removes = (change.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  return `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`;
}
