import { GlossError } from "@gloss/core/error";

/**
 * The two bodies a create-or-upload route accepts: pasted text as JSON, or a file as
 * multipart/form-data. Anything else is a 415 that says what to send (`expected`).
 */
export function jsonOrMultipart(
  contentType: string | undefined,
  expected: string,
): "json" | "multipart" {
  const type = contentType ?? "";
  if (/^application\/json/i.test(type)) return "json";
  if (/^multipart\/form-data/i.test(type)) return "multipart";
  throw new GlossError(
    "unsupported",
    "request.unsupported_media_type",
    `send application/json ${expected} or multipart/form-data with a file`,
  );
}

/** The form's `file` field as a file, or a 400: a text field of that name is not a file. */
export function formFile(value: unknown): File {
  if (value instanceof File) return value;
  throw new GlossError(
    "malformed",
    "document.file_missing",
    "the form has no file field with a file in it",
  );
}

/**
 * The validated body of a route that declares a JSON and a form body: Hono types each validated
 * body as the union of both, and the media type says which validator ran, so it is that one's.
 * `valid` is the route's `c.req.valid`.
 */
export function validBody<J, F>(
  contentType: string | undefined,
  valid: (target: "json" | "form") => J | F,
): { kind: "json"; json: J } | { kind: "form"; form: F } {
  return /^application\/json/i.test(contentType ?? "")
    ? { kind: "json", json: valid("json") as J }
    : { kind: "form", form: valid("form") as F };
}

/** A create-or-upload route's body: its JSON, or its form with the form's file read whole. */
export type JsonOrFile<J, F> =
  | { kind: "json"; json: J }
  | { kind: "file"; form: F; file: File; bytes: Uint8Array };

/** Reads the body of a route that takes JSON or a file (`jsonOrMultipart` decides which, or 415). */
export async function jsonOrFile<J, F extends { file?: unknown }>(
  contentType: string | undefined,
  expected: string,
  valid: (target: "json" | "form") => J | F,
): Promise<JsonOrFile<J, F>> {
  jsonOrMultipart(contentType, expected);
  const body = validBody<J, F>(contentType, valid);
  if (body.kind === "json") return body;
  const file = formFile(body.form.file);
  return { kind: "file", form: body.form, file, bytes: new Uint8Array(await file.arrayBuffer()) };
}
