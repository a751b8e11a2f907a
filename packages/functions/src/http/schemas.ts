import { MAX_PAGE_SIZE } from "@gloss/core/db";
import { z } from "zod";

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().describe("Stable dotted code, e.g. annotation.quote_mismatch"),
      message: z.string().describe("What went wrong, for people"),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({
    id: "Error",
    example: {
      error: {
        code: "annotation.quote_mismatch",
        message: "exact does not match the text at 120–164",
      },
    },
  });

export const PageQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .describe(`1 to ${MAX_PAGE_SIZE}; 50 when absent`),
  cursor: z.string().max(2048).optional().describe("nextCursor of the previous page"),
});

/** The `{ items, nextCursor }` shape of every list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end"),
  });
}

/** A JSON response for OpenAPI. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

/** The error responses a route can give, for OpenAPI. */
export function errors(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed request",
    401: "Not signed in",
    403: "Your role does not allow this",
    404: "Not found",
    409: "Conflict (stale version or duplicate)",
    413: "Body or file too large",
    415: "Unsupported media or file type",
    422: "Invalid input",
    503: "Storage unavailable; retry",
  };
  return Object.fromEntries(
    statuses.map((s) => [s, json(ErrorResponse, descriptions[s] ?? "Error")]),
  );
}

export const WorkspaceParams = z.object({ ws: z.string().min(1).max(64) });
