import { z } from "zod";
import { TagId } from "../codebook/schema.ts";

/** Most passages one request re-codes: each is its own version-checked, recorded update. */
export const MAX_RECODE = 500;

export const RecodeInput = z
  .strictObject({
    annotationIds: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MAX_RECODE)
      .describe("The selected passages (duplicates are taken once)"),
    action: z
      .enum(["move", "add", "remove"])
      .describe(
        "move: this code is replaced by `to` on each passage (a split by hand); add: `to` is added beside it; remove: this code is taken off",
      ),
    to: TagId.optional().describe("The code to move to or add; required for move and add"),
  })
  .meta({ id: "RecodeInput" });
export type RecodeInput = z.infer<typeof RecodeInput>;

export const RecodeResult = z
  .object({
    changed: z.number().int().describe("Passages whose codes changed (one history entry each)"),
    unchanged: z
      .number()
      .int()
      .describe("Passages that already had the result (e.g. a retry of the same request)"),
    failed: z
      .array(
        z.object({
          annotationId: z.string(),
          code: z.string().describe("The error code, e.g. `annotation.not_found`"),
          message: z.string(),
        }),
      )
      .describe("Passages left as they were, with why; the others are done"),
  })
  .meta({ id: "RecodeResult" });
export type RecodeResult = z.infer<typeof RecodeResult>;
