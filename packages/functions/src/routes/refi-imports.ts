import { GlossError } from "@gloss/core/error";
import * as Refi from "@gloss/core/refi";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import { validBody } from "../http/upload-body.ts";

/** A file sent in the request is read whole; Lambda's synchronous payload limit is 6 MB. */
const MAX_FILE_BODY_BYTES = 6 * 1024 * 1024;

const FileForm = z
  .object({
    file: z.any().optional().describe("The file").meta({ type: "string", format: "binary" }),
  })
  .meta({ id: "RefiFileForm" });

const ImportParams = WorkspaceParams.extend({
  importId: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("The import's id (SHA-256 of its file)"),
});

const UploadStarted = z
  .object({
    uploadId: z.string(),
    upload: z.object({
      method: z.literal("PUT"),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.string(),
      maxBytes: z.number().int(),
    }),
  })
  .meta({ id: "RefiUploadStarted" });

/** The bytes of the form's `file` field; 400 when it has none. */
async function fileOf(form: z.infer<typeof FileForm> | undefined): Promise<Uint8Array> {
  const file = form?.file;
  if (!(file instanceof File)) {
    throw new GlossError(
      "malformed",
      "refi.file_missing",
      "the form has no file field with a file in it",
    );
  }
  return new Uint8Array(await file.arrayBuffer());
}

export const refiImports = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/imports/project.qdpx",
      access: "editor",
      maxBodyBytes: MAX_FILE_BODY_BYTES,
      summary: "Import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or Gloss",
      description:
        "Multipart `file` (up to 6 MB; answered when done, 200) or JSON `{uploadId}` of a file sent through `POST …/imports/uploads` (imported in the background by the ingest function, 202: poll `GET …/imports/{importId}`; a poll says `stalled` when the worker died, and posting the same `uploadId` again resumes it). Text sources become documents; codes merge by name into the codebook; each coded or annotated selection becomes an annotation once its text checks out; notes, memos and links between passages come along. PDF, picture, audio and video sources, and anything that cannot be placed exactly, are listed in `skipped` with the reason. The same file imported again writes nothing twice.",
      tags: ["Imports"],
      request: {
        params: WorkspaceParams,
        body: {
          content: {
            "multipart/form-data": { schema: FileForm },
            "application/json": { schema: Refi.RefiUploadImport },
          },
          // Not `required`: with two media types, that makes each validator demand its own body.
          required: false,
        },
      },
      responses: {
        200: json(Refi.RefiImportSummary, "Imported (or imported before: `repeated`)"),
        202: json(Refi.RefiImportSummary, "Importing in the background; poll for progress"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const body = validBody<
        z.infer<typeof Refi.RefiUploadImport>,
        z.infer<typeof FileForm> | undefined
      >(c.req.header("content-type"), (target) => c.req.valid(target));
      if (body.kind === "json") {
        const { uploadId } = body.json;
        const bytes = await Refi.readUpload(ctx, workspace.id, uploadId);
        // Checked here (4xx before anything is written), then handed to the ingest function through
        // storage: its record holds the job, so a worker that dies is resumed, not lost.
        const summary = await Refi.startImport(
          ctx,
          workspace.id,
          { uploadId, userId: caller.userId },
          bytes,
          (importId) => Refi.dispatch(ctx, workspace.id, importId),
        );
        return c.json(summary, summary.status === "running" ? 202 : 200);
      }
      const bytes = await fileOf(body.form);
      const summary = await Refi.importProject(ctx, workspace.id, caller.userId, bytes);
      return c.json(summary, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/imports/uploads",
      access: "editor",
      summary: "Start a direct upload of a large .qdpx: a presigned PUT and its uploadId",
      tags: ["Imports"],
      request: {
        params: WorkspaceParams,
        body: { content: { "application/json": { schema: Refi.RefiUploadInput } }, required: true },
      },
      responses: {
        201: json(UploadStarted, "Where to PUT the file, and the id to import it by"),
        ...errors(400, 401, 403, 404, 413, 415),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      return c.json(await Refi.startUpload(c.var.ctx, c.var.workspace.id, input.size), 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/imports/{importId}",
      access: "viewer",
      summary: "An import's progress and summary",
      tags: ["Imports"],
      request: { params: ImportParams },
      responses: { 200: json(Refi.RefiImportSummary, "The import"), ...errors(401, 404) },
    }),
    async (c) => {
      const record = await Refi.getRecord(
        c.var.ctx,
        c.var.workspace.id,
        c.req.valid("param").importId,
      );
      if (!record) throw new GlossError("not_found", "refi.import_not_found", "no such import");
      return c.json(record, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/imports/codebook.qdc",
      access: "editor",
      maxBodyBytes: MAX_FILE_BODY_BYTES,
      summary: "Import a REFI-QDA codebook (.qdc): codes merge by name into the codebook",
      tags: ["Imports"],
      request: {
        params: WorkspaceParams,
        body: { content: { "multipart/form-data": { schema: FileForm } }, required: true },
      },
      responses: {
        200: json(Refi.RefiImportSummary, "Codes created and merged"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const bytes = await fileOf(c.req.valid("form"));
      return c.json(await Refi.importCodebook(c.var.ctx, c.var.workspace.id, bytes), 200);
    },
  );
