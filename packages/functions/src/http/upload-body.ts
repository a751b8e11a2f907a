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
