import { z } from "zod";

/**
 * A query parameter's comma-separated ids, as a list (blank entries dropped), absent allowed. Ids
 * are at most 64 characters, as in paths; a longer one can be no id at all. The findings and the
 * search take their document, code and author filters in this one form.
 */
export const IdList = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(64, "an id of at most 64 characters")))
  .optional();
