import { GlossError } from "../error/index.ts";

/** A backup that does not hold together: 422 `backup.<code>`, raised before anything is written. */
export const invalid = (code: string, message: string) =>
  new GlossError("invalid", `backup.${code}`, message);

/** Refuses a backup in which two things of one kind share an id. */
export function unique(what: string, items: { id: string }[]) {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) throw invalid("duplicate_id", `${what} ${id} appears twice`);
    seen.add(id);
  }
}
