import * as Document from "@gloss/core/document";
import { GlossError } from "@gloss/core/error";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, PageQuery, pageOf, WorkspaceParams } from "../http/schemas.ts";

/**
 * A document's body may carry a whole report; Lambda's synchronous payload limit is 6 MB, so
 * larger files take the direct-to-S3 upload path instead.
 */
export const MAX_DOCUMENT_BODY_BYTES = 6 * 1024 * 1024;

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });
const ListQuery = PageQuery.extend({
  q: z
    .string()
    .max(200)
    .optional()
    .describe("Only documents whose title contains this (case-insensitive)"),
});

export const documents = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents",
      access: "viewer",
      summary: "Documents of the workspace, newest first",
      tags: ["Documents"],
      request: { params: WorkspaceParams, query: ListQuery },
      responses: {
        200: json(pageOf(Document.Document), "A page of documents"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { limit, cursor, q } = c.req.valid("query");
      const page = await Document.list(c.var.ctx, c.var.workspace.id, {
        limit,
        cursor,
        titleContains: q,
      });
      return c.json(page, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents",
      access: "editor",
      maxBodyBytes: MAX_DOCUMENT_BODY_BYTES,
      summary: "Create a document from pasted text (JSON) or an uploaded .txt/.md file (multipart)",
      tags: ["Documents"],
      request: {
        params: WorkspaceParams,
        body: {
          content: {
            "application/json": { schema: Document.CreateDocumentInput },
            "multipart/form-data": { schema: Document.UploadDocumentInput },
          },
          required: false,
        },
      },
      responses: {
        201: json(Document.Document, "Created"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const contentType = c.req.header("content-type") ?? "";
      if (/^application\/json/i.test(contentType)) {
        // Both body types share the route, so the validated body is typed as their union.
        const input = c.req.valid("json") as Document.CreateDocumentInput;
        const document = await Document.create(ctx, workspace.id, caller.userId, input);
        return c.json(document, 201);
      }
      if (!/^multipart\/form-data/i.test(contentType)) {
        throw new GlossError(
          "unsupported",
          "request.unsupported_media_type",
          "send application/json {title, text} or multipart/form-data with a file",
        );
      }
      const form = c.req.valid("form") as z.infer<typeof Document.UploadDocumentInput>;
      const file = form.file;
      if (!(file instanceof File)) {
        throw new GlossError(
          "malformed",
          "document.file_missing",
          "the form has no file field with a file in it",
        );
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const decoded = Document.decodeUpload(bytes, file.name);
      const document = await Document.create(ctx, workspace.id, caller.userId, {
        title: form.title ?? decoded.title ?? Document.titleFromFileName(file.name),
        text: decoded.text,
        sourceUrl: form.sourceUrl,
        publishedAt: form.publishedAt,
        original: { bytes, fileName: file.name, contentType: decoded.contentType },
      });
      return c.json(document, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}",
      access: "viewer",
      summary: "A document's metadata",
      tags: ["Documents"],
      request: { params: DocumentParams },
      responses: { 200: json(Document.Document, "The document"), ...errors(401, 404) },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      return c.json(await Document.get(c.var.ctx, c.var.workspace.id, docId), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}/text",
      access: "viewer",
      summary: "The canonical text (offsets of annotations index into it, in UTF-16 code units)",
      tags: ["Documents"],
      request: { params: DocumentParams },
      responses: {
        200: {
          content: { "text/plain": { schema: z.string() } },
          description: "Canonical text, UTF-8",
        },
        ...errors(401, 404),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const text = await Document.getText(c.var.ctx, c.var.workspace.id, docId);
      return c.text(text, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/documents/{docId}",
      access: "editor",
      summary: "Change title, source URL or publication date",
      tags: ["Documents"],
      request: {
        params: DocumentParams,
        body: {
          content: { "application/json": { schema: Document.UpdateDocumentInput } },
          required: true,
        },
      },
      responses: {
        200: json(Document.Document, "Updated"),
        ...errors(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const document = await Document.update(
        c.var.ctx,
        c.var.workspace.id,
        docId,
        c.req.valid("json"),
      );
      return c.json(document, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/documents/{docId}",
      access: "owner",
      summary: "Delete a document with its annotations and files",
      tags: ["Documents"],
      request: { params: DocumentParams },
      responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      await Document.remove(c.var.ctx, c.var.workspace.id, docId);
      return c.body(null, 204);
    },
  );
