import { z } from "zod";

export const SkippedItem = z.object({
  kind: z.enum(["source", "selection", "coding", "note", "link", "code", "variable"]),
  ref: z.string().describe("The REFI GUID or name of what was left out"),
  name: z.string().describe("Its name in the project, where it has one"),
  reason: z.string(),
});
export type SkippedItem = z.infer<typeof SkippedItem>;

const Counts = z.object({
  documents: z.number().int(),
  codesCreated: z.number().int(),
  codesMerged: z.number().int(),
  annotations: z.number().int(),
  notes: z.number().int().describe("Notes and memos kept as annotation notes"),
  links: z.number().int(),
});

export const RefiImportSummary = z
  .object({
    importId: z
      .string()
      .describe(
        "SHA-256 of the file's contents (the archive's files, for a project): the same project is the same import",
      ),
    kind: z.enum(["project", "codebook"]),
    status: z.enum(["running", "done", "failed"]),
    repeated: z.boolean().describe("This file had been imported before: nothing was written again"),
    origin: z.string().describe("The program that wrote the file (Project origin)"),
    progress: z
      .object({ done: z.number().int(), total: z.number().int() })
      .describe("Sources written of all"),
    imported: Counts,
    codes: z.array(
      z.object({
        name: z.string().describe("The code's name in the file"),
        tagId: z.string(),
        action: z.enum(["created", "merged"]),
        notice: z.string().nullable(),
      }),
    ),
    users: z.array(
      z.object({
        name: z.string(),
        memberId: z
          .string()
          .nullable()
          .describe(
            "The workspace member it matched by email or name; null: the importer is recorded as author",
          ),
      }),
    ),
    documents: z.array(z.object({ id: z.string(), title: z.string() })),
    skipped: z.array(SkippedItem).describe("Everything not imported, with why (the first 1,000)"),
    skippedTotal: z.number().int(),
    failure: z.string().nullable(),
    stalled: z
      .boolean()
      .optional()
      .describe(
        "Running, but its worker has been silent for two minutes (it died): post the same upload again to resume where it stopped",
      ),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "RefiImportSummary" });
export type RefiImportSummary = z.infer<typeof RefiImportSummary>;

/** The JSON body of a large project's import: an upload made through `…/imports/uploads`. */
export const RefiUploadImport = z
  .strictObject({
    uploadId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe("From POST …/imports/uploads"),
  })
  .meta({ id: "RefiUploadImport" });

export const RefiUploadInput = z
  .strictObject({
    fileName: z.string().trim().min(1).max(255),
    size: z.number().int().min(1).describe("Exact size in bytes; the upload must match it"),
  })
  .meta({ id: "RefiUploadInput" });
