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
  })
  .meta({ id: "CreateTagInput" });
export type CreateTagInput = z.infer<typeof CreateTagInput>;

export const UpdateTagInput = z
  .strictObject({
    label: Label.optional(),
    color: Color.optional(),
    description: Description.optional(),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateTagInput" });
export type UpdateTagInput = z.infer<typeof UpdateTagInput>;
