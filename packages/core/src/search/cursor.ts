import { createHash } from "node:crypto";
import { GlossError } from "../error/index.ts";

/**
 * Search cursors: the base64url JSON of the search's fingerprint (`f`) and the place the next page
 * starts after, so a cursor given with another query is refused rather than read as a place in it.
 */

/** Identifies a search by its parameters (any JSON), 16 characters of their SHA-256. */
export function fingerprintOf(parameters: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parameters)).digest("base64url").slice(0, 16);
}

/** The cursor of the page after `place`, in the search `print` identifies. */
export function encodeCursor(print: string, place: object): string {
  return Buffer.from(JSON.stringify({ f: print, ...place })).toString("base64url");
}

/**
 * The place a cursor holds, read by `place` (null: not a place of this search), when the cursor is
 * one of the search `print` identifies; anything else is a `search.cursor_invalid` refusal.
 */
export function decodeCursor<T>(
  cursor: string,
  print: string,
  place: (value: object) => T | null,
): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null && "f" in value && value.f === print) {
      const read = place(value);
      if (read !== null) return read;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new GlossError(
    "malformed",
    "search.cursor_invalid",
    "the cursor is not one this search returned; start again without a cursor",
  );
}
