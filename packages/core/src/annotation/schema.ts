import { z } from "zod";
import { TagId } from "../codebook/schema.ts";

/**
 * Quote and note limits. A passage may be multi-paragraph testimony: 20,000 UTF-16 units is
 * ~3,000 words. The item stays far inside DynamoDB's 400 KB: a quote is at most 60 KB of UTF-8
 * (3 bytes per unit at worst; a surrogate pair is 4 bytes for 2 units), the note 12 KB, prefix
 * and suffix 1.2 KB together, so the whole item is under 80 KB and needs no second home.
 */
export const MAX_QUOTE_LENGTH = 20_000;
export const MAX_NOTE_LENGTH = 4_000;
export const MAX_TAGS = 20;

const Offset = z.number().int().min(0).describe("UTF-16 code unit offset into the canonical text");
const Tags = z
  .array(TagId)
  .max(MAX_TAGS)
  .refine((tags) => new Set(tags).size === tags.length, "each code at most once")
  .describe("Code ids from the workspace codebook");
const Note = z.string().max(MAX_NOTE_LENGTH);

/**
 * Who made an imported annotation in the tool it came from (a Hypothesis `acct:` user, a
 * Recogito creator, a REFI-QDA User): attribution only. `createdBy` stays the member who
 * imported it, who owns it for permissions.
 */
export const ImportedCreator = z
  .object({
    id: z.string().max(500).optional(),
    name: z.string().max(200).optional(),
    /** The tool it was imported from, as the reader names it ("Hypothesis", "Recogito", "REFI-QDA"). */
    tool: z.string().max(40).optional(),
  })
  .meta({ id: "ImportedCreator" });
export type ImportedCreator = z.infer<typeof ImportedCreator>;

/**
 * A stored passage's place in its text and its coding: the fields an annotation and a round's
 * consensus passage share (offsets, quote and context, codes, note).
 */
export const PassageFields = {
  start: z.number().int(),
  end: z.number().int(),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  tags: z.array(z.string()),
  note: z.string(),
};

export const Annotation = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    documentId: z.string(),
    ...PassageFields,
    status: z
      .enum(["anchored", "orphaned"])
      .describe(
        "anchored: start/end/exact point into the document's current text; orphaned: a new version no longer has the passage with confidence, so the annotation keeps its quote (start/end/exact refer to text version `textVersion`) and is listed apart, never highlighted",
      ),
    textVersion: z.number().int().describe("The document text version start/end/exact refer to"),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    importedCreator: ImportedCreator.optional(),
  })
  .meta({ id: "Annotation" });
export type Annotation = z.infer<typeof Annotation>;

export const CreateAnnotationInput = z
  .strictObject({
    start: Offset,
    end: Offset.describe("Exclusive end offset"),
    exact: z
      .string()
      .min(1)
      .max(MAX_QUOTE_LENGTH)
      .describe("Must equal text.slice(start, end) exactly"),
    prefix: z.string().max(200).optional().describe("Text before the quote; computed when absent"),
    suffix: z.string().max(200).optional().describe("Text after the quote; computed when absent"),
    tags: Tags.default([]),
    note: Note.optional(),
  })
  .meta({ id: "CreateAnnotationInput" });
export type CreateAnnotationInput = z.infer<typeof CreateAnnotationInput>;

export const UpdateAnnotationInput = z
  .strictObject({
    tags: Tags.optional(),
    note: Note.optional(),
    version: z.number().int().min(1).describe("The version you read; 409 when it is stale"),
  })
  .meta({ id: "UpdateAnnotationInput" });
export type UpdateAnnotationInput = z.infer<typeof UpdateAnnotationInput>;
