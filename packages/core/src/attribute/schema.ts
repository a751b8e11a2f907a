import { z } from "zod";

/** The kinds of value a document attribute holds. */
export const AttributeType = z
  .enum(["text", "number", "date", "boolean", "choice", "choices"])
  .describe(
    "text; number; date (YYYY-MM-DD); boolean (yes/no); choice (one of `choices`); choices (several of `choices`)",
  );
export type AttributeType = z.infer<typeof AttributeType>;

export const AttributeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single hyphens")
  .describe("Stable slug id of an attribute, e.g. `source-type`; names may change, ids do not");

const Name = z.string().trim().min(1).max(80);
const Description = z.string().trim().max(500);
const Choice = z.string().trim().min(1).max(200);
const Choices = z
  .array(Choice)
  .max(500)
  .refine((list) => new Set(list.map((c) => c.toLocaleLowerCase())).size === list.length, {
    message: "choices must be distinct (ignoring case)",
  });

export const Attribute = z
  .object({
    id: AttributeId,
    name: z.string(),
    description: z.string(),
    type: AttributeType,
    choices: z.array(z.string()).describe("The allowed values of a choice/choices attribute"),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Attribute" });
export type Attribute = z.infer<typeof Attribute>;

export const CreateAttributeInput = z
  .strictObject({
    id: AttributeId.optional().describe("Slug id; derived from the name when absent"),
    name: Name,
    description: Description.optional(),
    type: AttributeType,
    choices: Choices.optional().describe("Required (non-empty) for choice and choices"),
  })
  .meta({ id: "CreateAttributeInput" });
export type CreateAttributeInput = z.infer<typeof CreateAttributeInput>;

export const UpdateAttributeInput = z
  .strictObject({
    name: Name.optional(),
    description: Description.optional(),
    choices: Choices.optional().describe(
      "The full new list; a choice still used by a document cannot be dropped (409)",
    ),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateAttributeInput" });
export type UpdateAttributeInput = z.infer<typeof UpdateAttributeInput>;

/** A stored value: text, choice and date are strings, choices a list, yes/no a boolean. */
export const AttributeValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string())])
  .meta({ id: "AttributeValue" });
export type AttributeValue = z.infer<typeof AttributeValue>;

/** Values of a document, by attribute id. */
export const AttributeValues = z
  .record(z.string(), AttributeValue)
  .describe("Values of the workspace's attributes, by attribute id");
export type AttributeValues = z.infer<typeof AttributeValues>;

/** What a PATCH sends: by attribute id or name; null removes a value. */
export const AttributeValuesInput = z
  .record(z.string().max(80), AttributeValue.nullable())
  .describe(
    "Values by attribute id or name; null removes the value. Checked against the definitions",
  )
  .meta({ id: "AttributeValuesInput" });
export type AttributeValuesInput = z.infer<typeof AttributeValuesInput>;
