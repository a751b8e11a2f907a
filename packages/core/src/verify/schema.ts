import { z } from "zod";

const Sha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex (64 characters)");

export const VerifyInput = z
  .strictObject({
    documentId: z.string().min(1).max(64),
    workspaceId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The workspace of the document (in every passage URL); searched when absent"),
    textVersion: z.number().int().min(1).optional().describe("The text version cited"),
    text_sha256: Sha256.optional().describe(
      "The SHA-256 of the text version cited (`text_sha256`)",
    ),
    start: z.number().int().min(0).describe("Start offset, UTF-16 code units (as exported)"),
    end: z.number().int().min(0).describe("End offset, exclusive"),
    exact: z.string().min(1).max(100_000).describe("The quote as cited"),
  })
  .refine((v) => v.textVersion !== undefined || v.text_sha256 !== undefined, {
    message: "give textVersion or text_sha256",
    path: ["textVersion"],
  })
  .refine((v) => v.end > v.start, { message: "end must be after start", path: ["end"] })
  .meta({ id: "VerifyInput" });
export type VerifyInput = z.infer<typeof VerifyInput>;

export const VerifyResult = z
  .object({
    verified: z
      .boolean()
      .describe("The exact quote stands at these offsets in that stored version"),
    reason: z
      .enum(["match", "quote_differs", "out_of_range", "hash_unknown", "version_mismatch"])
      .describe(
        "match; quote_differs: other text stands there; out_of_range: the version is shorter; hash_unknown: no version of the document has that hash; version_mismatch: textVersion and text_sha256 name different versions",
      ),
    documentId: z.string(),
    textVersion: z.number().int().nullable(),
    textSha256: z.string().nullable().describe("The SHA-256 of the stored version checked"),
    sourceSha256: z.string().nullable().describe("The SHA-256 of that version's original file"),
    checkedAt: z.string(),
  })
  .meta({ id: "VerifyResult" });
export type VerifyResult = z.infer<typeof VerifyResult>;
