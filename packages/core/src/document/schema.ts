import { z } from "zod";
import { AttributeValues, AttributeValuesInput } from "../attribute/schema.ts";

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
  // Date.parse rolls 2024-02-30 over to March 1st: require the day to survive the round trip.
  .refine((s) => {
    const time = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === s.slice(0, 10);
  }, "a real calendar date")
  .describe("Publication date of the source");
/**
 * A BCP 47 language tag, checked for well-formedness only (RFC 5646's shape: a language, then
 * optional extended language, script, region, variant, extension and private-use subtags of the
 * right lengths, or a private-use tag alone), not against the IANA registry: a newer or private
 * subtag is the user's to give. The grammar also allows a language of 4 to 8 letters, of which
 * none is registered: refused, so "english" is taken for the mistake it is.
 */
const Language = z
  .string()
  .max(64)
  .regex(
    /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[\dA-WYZa-wyz](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?|[Xx](?:-[A-Za-z\d]{1,8})+)$/,
    "a BCP 47 language tag, such as ar, my, pt-BR or zh-Hant",
  )
  .describe("The text's language as a BCP 47 tag");
const Author = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .describe("Who wrote or published the source (a person or an organisation)");

export const Document = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    title: z.string(),
    sourceUrl: z.string().nullable(),
    publishedAt: z.string().nullable(),
    author: z
      .string()
      .nullable()
      .describe("Author or publishing organisation; from the file's metadata until edited"),
    status: z
      .enum(["pending", "ready", "failed"])
      .describe(
        "pending: the uploaded file is awaited or being read; ready: the text can be read and annotated; failed: the file could not be read (see failureReason)",
      ),
    failureReason: z.string().nullable().describe("Why the file could not be read, when failed"),
    textLength: z
      .number()
      .int()
      .describe("Length of the canonical text in UTF-16 code units (0 until ready)"),
    textVersion: z
      .number()
      .int()
      .describe("Current version of the canonical text; annotations refer to it"),
    pageCount: z
      .number()
      .int()
      .nullable()
      .describe("Pages of the source (PDF); page start offsets at /pages"),
    language: z
      .string()
      .nullable()
      .describe(
        "The current text's language (BCP 47), detected when the text is stored (each new version re-detects) or set with PATCH; null when not detected with confidence (short or mixed text)",
      ),
    languageSource: z
      .enum(["detected", "edited"])
      .nullable()
      .describe(
        "Whether `language` was detected from the current text or set with PATCH; null on a document stored before languages were detected",
      ),
    fileName: z.string().nullable(),
    contentType: z.string(),
    upload: z
      .object({
        version: z.number().int().describe("The text version the upload will become"),
        fileName: z.string(),
        size: z.number().int(),
        status: z.enum(["pending", "failed"]),
        failureReason: z.string().nullable(),
        expiresAt: z.string().describe("When the presigned upload URL expires"),
      })
      .nullable()
      .describe("A direct-to-S3 upload awaited or being read, or the last one that failed"),
    pendingVersion: z
      .number()
      .int()
      .nullable()
      .describe("A new text version being applied (annotations are being re-anchored)"),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().describe("Metadata version, for PATCH"),
    annotationCount: z.number().int(),
    tagCounts: z.record(z.string(), z.number().int()).describe("Annotations per code id"),
    attributes: AttributeValues,
  })
  .meta({ id: "Document" });
export type Document = z.infer<typeof Document>;

export const CreateDocumentInput = z
  .strictObject({
    title: Title,
    text: z.string().min(1).describe("The document's text; stored in canonical form"),
    sourceUrl: SourceUrl.optional(),
    publishedAt: PublishedAt.optional(),
    author: Author.optional(),
  })
  .meta({ id: "CreateDocumentInput" });
export type CreateDocumentInput = z.infer<typeof CreateDocumentInput>;

export const UploadDocumentInput = z
  .object({
    file: z
      .any()
      .optional()
      .describe("A PDF, Word (.docx), HTML, Markdown or text file (text in UTF-8)")
      .meta({ type: "string", format: "binary" }),
    title: Title.optional().describe("Defaults to the file's own title or its name"),
    sourceUrl: SourceUrl.optional(),
    publishedAt: PublishedAt.optional(),
    author: Author.optional().describe("Defaults to the file's own author, if it names one"),
  })
  .meta({ id: "UploadDocumentInput" });

export const CreateUploadInput = z
  .strictObject({
    fileName: z.string().trim().min(1).max(255).describe("The file's name, with its extension"),
    contentType: z.string().max(200).optional().describe("The browser's type for the file"),
    size: z.number().int().min(1).describe("Exact size in bytes; the upload must match it"),
    title: Title.optional().describe("Defaults to the file's own title or its name"),
    sourceUrl: SourceUrl.optional(),
    publishedAt: PublishedAt.optional(),
    author: Author.optional().describe("Defaults to the file's own author, if it names one"),
  })
  .meta({ id: "CreateUploadInput" });
export type CreateUploadInput = z.infer<typeof CreateUploadInput>;

export const UploadTarget = z
  .object({
    method: z.literal("PUT"),
    url: z.string().describe("Presigned S3 URL; PUT the file's bytes to it"),
    headers: z
      .record(z.string(), z.string())
      .describe("Headers to send with the PUT, exactly as given (they are signed)"),
    expiresAt: z.string(),
    maxBytes: z.number().int().describe("The upload limit in force"),
  })
  .meta({ id: "UploadTarget" });

export const UploadCreated = z
  .object({ document: Document, upload: UploadTarget })
  .meta({ id: "UploadCreated" });

export const NewVersionInput = z
  .strictObject({
    text: z.string().min(1).describe("The revised text; stored in canonical form"),
  })
  .meta({ id: "NewVersionInput" });

export const NewVersionUpload = z
  .object({
    file: z
      .any()
      .optional()
      .describe("The revised file (any supported format)")
      .meta({ type: "string", format: "binary" }),
  })
  .meta({ id: "NewVersionUpload" });

export const ReanchorCounts = z
  .object({
    total: z.number().int(),
    unchanged: z.number().int().describe("Same offsets, same quote"),
    moved: z.number().int().describe("Placed at new offsets (the quote may be lightly edited)"),
    orphaned: z
      .number()
      .int()
      .describe("Could not be placed with confidence; kept with their quote, status orphaned"),
  })
  .meta({ id: "ReanchorCounts" });
export type ReanchorCounts = z.infer<typeof ReanchorCounts>;

export const VersionCreated = z
  .object({ document: Document, annotations: ReanchorCounts })
  .meta({ id: "VersionCreated" });

export const DocumentPages = z
  .object({
    version: z.number().int(),
    pageStarts: z
      .array(z.number().int())
      .nullable()
      .describe("Offset where page i + 1 starts; null when the source has no pages"),
  })
  .meta({ id: "DocumentPages" });

export const UpdateDocumentInput = z
  .strictObject({
    title: Title.optional(),
    sourceUrl: SourceUrl.nullable().optional(),
    publishedAt: PublishedAt.nullable().optional(),
    author: Author.nullable().optional(),
    language: Language.nullable()
      .optional()
      .describe("Corrects the detected language (BCP 47); null clears it"),
    attributes: AttributeValuesInput.optional(),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateDocumentInput" });
export type UpdateDocumentInput = z.infer<typeof UpdateDocumentInput>;

/** Schemas the upload route reuses for its form fields. */
export const documentFields = { Title, SourceUrl, PublishedAt, Author };
