import type { Context } from "@gloss/core/context";

/**
 * Counts the DynamoDB requests sent through `ctx` from now on, by command (`Query`,
 * `BatchWriteItem`, …), in the record it returns; empty the record's keys to start again.
 */
export function countRequests(ctx: Context): Record<string, number> {
  const counts: Record<string, number> = {};
  const send = ctx.db.send.bind(ctx.db);
  (ctx.db as { send: unknown }).send = (
    command: { constructor: { name: string } },
    ...rest: []
  ) => {
    const name = command.constructor.name.replace(/Command$/, "");
    counts[name] = (counts[name] ?? 0) + 1;
    return send(command as never, ...rest);
  };
  return counts;
}

/** All the requests a count holds. */
export const totalRequests = (counts: Record<string, number>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);
