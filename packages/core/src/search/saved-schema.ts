import { z } from "zod";
import { TagId } from "../codebook/schema.ts";
import { MAX_QUERY_LENGTH } from "./query.ts";

const Name = z.string().trim().min(1, "a name").max(120);

const Options = z.strictObject({
  case: z.boolean().default(false),
  word: z.boolean().default(false),
  regex: z.boolean().default(false),
});

/** A saved search: the query, its switches and filters, under a name. */
export const SavedQuery = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    q: z.string(),
    options: z.object({ case: z.boolean(), word: z.boolean(), regex: z.boolean() }),
    documentIds: z.array(z.string()).describe("Only these documents; empty for all"),
    tags: z.array(z.string()).describe("Only hits inside passages with one of these codes"),
    coded: z.enum(["inside", "outside"]).nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "SavedQuery" });
export type SavedQuery = z.infer<typeof SavedQuery>;

const Fields = {
  name: Name,
  q: z.string().min(1, "the query is empty").max(MAX_QUERY_LENGTH),
  options: Options,
  documentIds: z.array(z.string().max(64)).max(1000),
  tags: z.array(TagId).max(20),
  coded: z.enum(["inside", "outside"]).nullable(),
};

export const CreateSavedQueryInput = z
  .strictObject({
    name: Fields.name,
    q: Fields.q,
    options: Options.default({ case: false, word: false, regex: false }),
    documentIds: Fields.documentIds.default([]),
    tags: Fields.tags.default([]),
    coded: Fields.coded.default(null),
  })
  .meta({ id: "CreateSavedQueryInput" });
export type CreateSavedQueryInput = z.infer<typeof CreateSavedQueryInput>;

export const UpdateSavedQueryInput = z
  .strictObject({
    name: Fields.name.optional(),
    q: Fields.q.optional(),
    options: Options.optional(),
    documentIds: Fields.documentIds.optional(),
    tags: Fields.tags.optional(),
    coded: Fields.coded.optional(),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateSavedQueryInput" });
export type UpdateSavedQueryInput = z.infer<typeof UpdateSavedQueryInput>;
