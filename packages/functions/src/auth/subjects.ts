import { createSubjects } from "@openauthjs/openauth/subject";
import { z } from "zod";

/**
 * What a Gloss session token says about its holder, and which session it belongs to (`sid`, a
 * record the API checks on every request, so signing out ends it at once).
 */
export const subjects = createSubjects({
  user: z.object({ id: z.string(), email: z.string(), sid: z.string() }),
});

/** The OAuth client id of the reader (the API exchanges codes on its behalf). */
export const CLIENT_ID = "gloss-web";
