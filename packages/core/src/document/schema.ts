import { z } from "zod";

const Title = z.string().trim().min(1).max(300);
const SourceUrl = z
  .url({ protocol: /^https?$/, error: "an http(s) URL" })
  .max(2000)
  .describe("Where the source was published");
const PublishedAt = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/,
    "a date, YYYY-MM-DD, or an ISO 8601 date-time",
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), "a real calendar date")
  .describe("Publication date of the source");

export const Document = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    title: z.string(),
    sourceUrl: z.string().nullable(),
    publishedAt: z.string().nullable(),
    status: z.enum(["ready"]).describe("ready: the text can be read and annotated"),
    textLength: z.number().int().describe("Length of the canonical text in UTF-16 code units"),
    textVersion: z.number().int().describe("Version of the canonical text annotations refer to"),
    fileName: z.string().nullable(),
    contentType: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().describe("Metadata version, for PATCH"),
    annotationCount: z.number().int(),
    tagCounts: z.record(z.string(), z.number().int()).describe("Annotations per code id"),
  })
  .meta({ id: "Document" });
export type Document = z.infer<typeof Document>;

export const CreateDocumentInput = z
  .strictObject({
    title: Title,
    text: z.string().min(1).describe("The document's text; stored in canonical form"),
    sourceUrl: SourceUrl.optional(),
    publishedAt: PublishedAt.optional(),
  })
  .meta({ id: "CreateDocumentInput" });
export type CreateDocumentInput = z.infer<typeof CreateDocumentInput>;

export const UploadDocumentInput = z
  .object({
    file: z.any().describe("A .txt or .md file (UTF-8)").meta({ type: "string", format: "binary" }),
    title: Title.optional().describe("Defaults to the Markdown title or the file name"),
    sourceUrl: SourceUrl.optional(),
    publishedAt: PublishedAt.optional(),
  })
  .meta({ id: "UploadDocumentInput" });

export const UpdateDocumentInput = z
  .strictObject({
    title: Title.optional(),
    sourceUrl: SourceUrl.nullable().optional(),
    publishedAt: PublishedAt.nullable().optional(),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateDocumentInput" });
export type UpdateDocumentInput = z.infer<typeof UpdateDocumentInput>;

/** Schemas the upload route reuses for its form fields. */
export const documentFields = { Title, SourceUrl, PublishedAt };
