import { z } from "zod";
import { TagId } from "../codebook/schema.ts";

export const Share = z
  .object({
    id: z.string(),
    documentId: z.string(),
    label: z.string(),
    includeNotes: z.boolean(),
    anonymous: z
      .boolean()
      .describe("The shared view names no one and shows no times (annotators, the sharer)"),
    tags: z.array(z.string()).nullable().describe("Only these codes are shared; null: all"),
    createdBy: z.string(),
    createdByName: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    views: z.number().int(),
    lastViewedAt: z.string().nullable(),
  })
  .meta({ id: "Share" });
export type Share = z.infer<typeof Share>;

export const CreateShareInput = z
  .strictObject({
    label: z.string().trim().max(200).optional().describe("Who or what the link is for"),
    expiresAt: z.iso.datetime({ offset: true }).optional().describe("When the link stops working"),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe("Alternative to expiresAt"),
    includeNotes: z.boolean().default(true),
    anonymous: z
      .boolean()
      .default(false)
      .describe("Leave out who annotated and shared, and when: for researchers at risk"),
    tags: z.array(TagId).min(1).max(50).optional().describe("Share only passages with these codes"),
  })
  .refine((v) => !(v.expiresAt && v.expiresInDays), "give expiresAt or expiresInDays, not both")
  .meta({ id: "CreateShareInput" });
export type CreateShareInput = z.infer<typeof CreateShareInput>;

export const CreatedShare = Share.extend({
  token: z.string().describe("The link's secret, shown once"),
  url: z.string().describe("Path of the shared reader: /s/<token>"),
}).meta({ id: "CreatedShare" });
