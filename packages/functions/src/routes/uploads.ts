import * as Document from "@gloss/core/document";
import { GlossError } from "@gloss/core/error";
import * as Ingest from "@gloss/core/ingest";
import * as Round from "@gloss/core/round";
import * as Storage from "@gloss/core/storage";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

/** A presigned upload stays valid 15 minutes: enough for 50 MB on a slow connection. */
const UPLOAD_URL_SECONDS = 15 * 60;

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });

const VersionUploadInput = Document.CreateUploadInput.pick({
  fileName: true,
  contentType: true,
  size: true,
}).meta({ id: "CreateVersionUploadInput" });

const VersionUploadCreated = z
  .object({ document: Document.Document, upload: Document.UploadTarget })
  .meta({ id: "VersionUploadCreated" });

/** Refuses a file over the upload limit or of a type Gloss cannot read, before it is sent. */
function checkUpload(input: { fileName: string; contentType?: string | undefined; size: number }) {
  const { maxUploadBytes } = Document.limits();
  if (input.size > maxUploadBytes) {
    throw new GlossError(
      "too_large",
      "document.file_too_large",
      `the file is ${input.size} bytes; the upload limit is ${maxUploadBytes} bytes (${Math.floor(maxUploadBytes / 1024 / 1024)} MB)`,
    );
  }
  Ingest.checkUploadName(input.fileName, input.contentType);
  if (/[\\/]/.test(input.fileName)) {
    throw new GlossError("malformed", "document.file_name_invalid", "a file name has no slashes");
  }
  return {
    maxUploadBytes,
    contentType: input.contentType?.trim() || "application/octet-stream",
    expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

export const uploads = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents/uploads",
      operationId: "createDocumentUpload",
      access: "editor",
      summary: "Start a direct upload of a (large) file: a pending document and a presigned PUT",
      description:
        "PUT the file's bytes to `upload.url` with `upload.headers`; its length must equal `size`. The document is `pending` until the file is read, then `ready`, or `failed` with `failureReason`. Poll `GET /documents/{docId}`.",
      tags: ["Documents"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Document.CreateUploadInput } },
          required: true,
        },
      },
      responses: {
        201: json(Document.UploadCreated, "The pending document and where to upload the file"),
        ...errors(400, 401, 403, 404, 413, 415),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const input = c.req.valid("json");
      const checked = checkUpload(input);
      const { document, key } = await Document.createPending(ctx, workspace.id, caller.userId, {
        ...input,
        contentType: checked.contentType,
        expiresAt: checked.expiresAt,
      });
      const target = await Storage.presignUpload(ctx, key, {
        size: input.size,
        contentType: checked.contentType,
        expiresInSeconds: UPLOAD_URL_SECONDS,
      });
      return c.json({ document, upload: { ...target, maxBytes: checked.maxUploadBytes } }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents/{docId}/versions/uploads",
      operationId: "createDocumentVersionUpload",
      access: "editor",
      summary: "Start a direct upload of a revised file: a new version once it is read",
      description:
        "Like `POST /documents/uploads`; the document stays readable at its current version until the file is read, then moves to the new version with its annotations re-anchored. A file that cannot be read leaves `upload.status` `failed` with the reason.",
      tags: ["Documents"],
      request: {
        params: DocumentParams,
        body: {
          content: { "application/json": { schema: VersionUploadInput } },
          required: true,
        },
      },
      responses: {
        201: json(VersionUploadCreated, "The document and where to upload the file"),
        ...errors(400, 401, 403, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { docId } = c.req.valid("param");
      const input = c.req.valid("json");
      const checked = checkUpload(input);
      const { document, key } = await Document.startVersionUpload(ctx, workspace.id, docId, {
        fileName: input.fileName,
        size: input.size,
        contentType: checked.contentType,
        expiresAt: checked.expiresAt,
        requestedBy: caller.userId,
      });
      const target = await Storage.presignUpload(ctx, key, {
        size: input.size,
        contentType: checked.contentType,
        expiresInSeconds: UPLOAD_URL_SECONDS,
      });
      // A coder of an open blind round sees counts of their own passages only.
      const rule = await Round.blindRuleFor(ctx, workspace.id, c.var.caller.userId);
      const shown = await Round.withVisibleCounts(ctx, workspace.id, rule, document);
      return c.json(
        { document: shown, upload: { ...target, maxBytes: checked.maxUploadBytes } },
        201,
      );
    },
  );
