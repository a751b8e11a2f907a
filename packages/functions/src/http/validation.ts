import { GlossError } from "@gloss/core/error";
import type { ZodError } from "zod";

const TARGET_CODES: Record<string, string> = {
  json: "request.invalid_body",
  form: "request.invalid_body",
  query: "request.invalid_query",
  param: "request.invalid_path",
  header: "request.invalid_header",
};

/**
 * The validation hook of every route: a request that does not match its schema is malformed
 * (400). Unknown fields get their own code, since a misspelt field would otherwise be dropped.
 */
export function validationHook(result: { success: boolean; error?: unknown; target: string }) {
  if (result.success) return;
  const issues = (result.error as ZodError).issues;
  const unknownKeys = issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : []));
  if (unknownKeys.length > 0) {
    throw new GlossError(
      "malformed",
      "request.unknown_field",
      `unknown field${unknownKeys.length > 1 ? "s" : ""}: ${unknownKeys.join(", ")}`,
      { fields: unknownKeys },
    );
  }
  const message = issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  throw new GlossError("malformed", TARGET_CODES[result.target] ?? "request.invalid", message, {
    issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}
