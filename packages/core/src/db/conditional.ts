import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DeleteCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";

/**
 * Sends a conditional write and says whether its condition held: false when DynamoDB refused it
 * (ConditionalCheckFailed), the error for anything else.
 */
export async function writeIf(
  ctx: Context,
  command: PutCommand | UpdateCommand | DeleteCommand,
): Promise<boolean> {
  try {
    // One call per command type: the client's `send` is overloaded per command, not on a union.
    if (command instanceof PutCommand) await ctx.db.send(command);
    else if (command instanceof UpdateCommand) await ctx.db.send(command);
    else await ctx.db.send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** An update sent on a condition: its output (e.g. `ReturnValues`), or null when refused. */
export async function updateIf(
  ctx: Context,
  command: UpdateCommand,
): Promise<UpdateCommandOutput | null> {
  try {
    return await ctx.db.send(command);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}
