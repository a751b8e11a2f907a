import { z } from "zod";

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiTokenInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).describe("What the token is for, e.g. 'R scripts'"),
    expiresInDays: z.number().int().min(1).max(3650).optional().describe("No expiry when absent"),
  })
  .meta({ id: "CreateApiTokenInput" });
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

export const CreatedApiToken = ApiToken.extend({
  token: z
    .string()
    .describe("The secret, shown this once: send as `Authorization: Bearer <token>`"),
}).meta({ id: "CreatedApiToken" });
