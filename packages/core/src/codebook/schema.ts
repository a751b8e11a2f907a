import { z } from "zod";

export const TagId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single hyphens")
  .describe("Stable slug id of a code, e.g. `forced-labour`");

const Color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "a #rrggbb colour")
  .transform((c) => c.toLowerCase());

const Label = z.string().trim().min(1).max(80);
const Description = z.string().trim().max(500);

export const Tag = z
  .object({
    id: TagId,
    label: z.string(),
    color: z.string(),
    description: z.string(),
    parentId: TagId.nullable().describe("The parent code; null at the top of the tree"),
    position: z.number().int().min(0).describe("0-based order among the code's siblings"),
    path: z
      .array(z.string())
      .describe(
        'Labels from the top of the tree down to this code, e.g. ["Liberty", "Arbitrary detention"]',
      ),
    mergingInto: TagId.nullable()
      .optional()
      .describe(
        "Set while this code is being merged into another; the merge finishes on the next request",
      ),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Tag" });
export type Tag = z.infer<typeof Tag>;

export const CreateTagInput = z
  .strictObject({
    id: TagId.optional().describe("Slug id; derived from the label when absent"),
    label: Label,
    color: Color.optional().describe("#rrggbb; a palette colour when absent"),
    description: Description.optional(),
    parentId: TagId.nullable().optional().describe("The parent code; top level when absent"),
  })
  .meta({ id: "CreateTagInput" });
export type CreateTagInput = z.infer<typeof CreateTagInput>;

export const UpdateTagInput = z
  .strictObject({
    label: Label.optional(),
    color: Color.optional(),
    description: Description.optional(),
    parentId: TagId.nullable()
      .optional()
      .describe("Move under this code; null moves it to the top level (depth ≤ 6, no cycles)"),
    position: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("0-based place among the (new) siblings; last when past the end"),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateTagInput" });
export type UpdateTagInput = z.infer<typeof UpdateTagInput>;

/** The deepest a code may sit: a top-level code is at depth 1. */
export const MAX_DEPTH = 6;

export const MergeTagInput = z
  .strictObject({
    into: TagId.describe("The code that takes over every passage and child of this one"),
  })
  .meta({ id: "MergeTagInput" });
export type MergeTagInput = z.infer<typeof MergeTagInput>;

export const MergeResult = z
  .object({
    from: TagId,
    into: Tag,
    annotationsChanged: z.number().int().describe("Passages re-tagged by this request"),
    childrenMoved: z.number().int(),
    resumed: z.boolean().describe("True when this request finished a merge begun earlier"),
  })
  .meta({ id: "MergeResult" });
export type MergeResult = z.infer<typeof MergeResult>;
