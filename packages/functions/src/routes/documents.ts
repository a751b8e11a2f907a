import * as Attribute from "@gloss/core/attribute";
import * as Document from "@gloss/core/document";
import * as Ingest from "@gloss/core/ingest";
import * as Round from "@gloss/core/round";
import { z } from "zod";
import { metric } from "../http/log.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, PageQuery, pageOf, WorkspaceParams } from "../http/schemas.ts";
import { jsonOrFile } from "../http/upload-body.ts";

/**
 * A document's body may carry a whole report; Lambda's synchronous payload limit is 6 MB, so
 * larger files take the direct-to-S3 upload path instead.
 */
export const MAX_DOCUMENT_BODY_BYTES = 6 * 1024 * 1024;

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });
const VersionQuery = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("A text version (1, 2, …); the current one when absent"),
});
const ListQuery = Attribute.withAttributeFilter(
  PageQuery.extend({
    q: z
      .string()
      .max(200)
      .optional()
      .describe("Only documents whose title contains this (case-insensitive)"),
  }),
);

/** What re-anchoring did on a new version, as metrics (a rise in orphans is worth an alarm). */
function reanchorMetrics(counts: Ingest.VersionResult["annotations"]) {
  metric("AnnotationsMoved", counts.moved, "Count");
  metric("AnnotationsOrphaned", counts.orphaned, "Count");
  metric("AnnotationsUnchanged", counts.unchanged, "Count");
}

export const documents = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents",
      operationId: "listDocuments",
      access: "viewer",
      summary: "Documents of the workspace, newest first",
      tags: ["Documents"],
      request: { params: WorkspaceParams, query: ListQuery },
      responses: {
        200: json(pageOf(Document.Document), "A page of documents"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { limit, cursor, q } = query;
      const attributeQuery = Attribute.attributeQueryOf(query);
      let valuesPass: ((values: Attribute.AttributeValues) => boolean) | undefined;
      if (Object.keys(attributeQuery).length) {
        const definitions = await Attribute.list(c.var.ctx, c.var.workspace.id);
        const criteria = Attribute.parseFilter(definitions, attributeQuery);
        valuesPass = (values) => Attribute.matches(definitions, criteria, values);
      }
      const page = await Document.list(c.var.ctx, c.var.workspace.id, {
        limit,
        cursor,
        valuesPass,
        titleContains: q,
      });
      const { ctx, workspace, caller } = c.var;
      // A coder of an open blind round sees counts of their own passages on its documents.
      const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
      const items = await Promise.all(
        page.items.map((d) => Round.withVisibleCounts(ctx, workspace.id, rule, d)),
      );
      return c.json({ ...page, items }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents",
      operationId: "createDocument",
      idempotent: { prefix: "doc" },
      access: "editor",
      maxBodyBytes: MAX_DOCUMENT_BODY_BYTES,
      summary:
        "Create a document from pasted text (JSON) or an uploaded file (multipart): PDF, Word, HTML, Markdown or text",
      description:
        "Files up to 6 MB; larger ones go through `POST /documents/uploads` (direct to storage). The format is detected from the content.",
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
      const body = await jsonOrFile<
        Document.CreateDocumentInput,
        z.infer<typeof Document.UploadDocumentInput>
      >(c.req.header("content-type"), "{title, text}", (target) => c.req.valid(target));
      if (body.kind === "json") {
        const document = await Document.create(ctx, workspace.id, caller.userId, body.json, {
          id: c.var.resourceId,
        });
        return c.json(document, 201);
      }
      const { form, file, bytes } = body;
      const extracted = await Ingest.extractIsolated(bytes, file.name);
      const document = await Document.create(
        ctx,
        workspace.id,
        caller.userId,
        {
          title: form.title ?? extracted.title ?? Document.titleFromFileName(file.name),
          text: extracted.text,
          pages: extracted.pages,
          author: form.author ?? extracted.author,
          sourceUrl: form.sourceUrl,
          publishedAt: form.publishedAt ?? extracted.publishedAt ?? undefined,
          original: { bytes, fileName: file.name, contentType: extracted.contentType },
        },
        { id: c.var.resourceId },
      );
      return c.json(document, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}",
      operationId: "getDocument",
      access: "viewer",
      summary: "A document's metadata",
      tags: ["Documents"],
      request: { params: DocumentParams },
      responses: { 200: json(Document.Document, "The document"), ...errors(401, 404) },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const { ctx, workspace, caller } = c.var;
      const document = await Document.get(ctx, workspace.id, docId);
      const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
      return c.json(await Round.withVisibleCounts(ctx, workspace.id, rule, document), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}/text",
      operationId: "getDocumentText",
      access: "viewer",
      summary: "The canonical text (offsets of annotations index into it, in UTF-16 code units)",
      description:
        "The current version by default; `?version=N` reads an earlier one (versions never change). 409 `document.not_ready` while the document is pending or failed.",
      tags: ["Documents"],
      request: { params: DocumentParams, query: VersionQuery },
      responses: {
        200: {
          content: { "text/plain": { schema: z.string() } },
          description: "Canonical text, UTF-8",
        },
        ...errors(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const text = await Document.getText(c.var.ctx, c.var.workspace.id, docId, version);
      return c.text(text, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}/pages",
      operationId: "getDocumentPages",
      access: "viewer",
      summary: "Where each page of the source starts in the canonical text (PDF sources)",
      description:
        "`pageStarts[i]` is the offset where page i + 1 starts; a passage at offset o is on the last page whose start is ≤ o. Null for sources without pages.",
      tags: ["Documents"],
      request: { params: DocumentParams, query: VersionQuery },
      responses: {
        200: json(Document.DocumentPages, "Page start offsets"),
        ...errors(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const { version } = c.req.valid("query");
      return c.json(await Document.getPages(c.var.ctx, c.var.workspace.id, docId, version), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents/{docId}/versions",
      operationId: "createDocumentVersion",
      access: "editor",
      maxBodyBytes: MAX_DOCUMENT_BODY_BYTES,
      summary: "Add a revised version of the text; annotations are re-anchored onto it",
      description:
        "JSON `{text}` or a multipart file (any supported format; larger files through `POST …/versions/uploads`). Each annotation is placed on the new text by unchanged position, exact quote, or fuzzy quote matching; one that cannot be placed with confidence becomes `orphaned` (kept with its quote, never attached elsewhere). Earlier versions stay readable with `GET …/text?version=N`.",
      tags: ["Documents"],
      request: {
        params: DocumentParams,
        body: {
          content: {
            "application/json": { schema: Document.NewVersionInput },
            "multipart/form-data": { schema: Document.NewVersionUpload },
          },
          required: false,
        },
      },
      responses: {
        201: json(
          Document.VersionCreated,
          "The document at its new version, and what happened to its annotations",
        ),
        ...errors(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { docId } = c.req.valid("param");
      // A coder of an open blind round on this document is told only about their own passages.
      const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
      const seen = await Round.visiblePlacementsBefore(ctx, workspace.id, rule, docId);
      const body = await jsonOrFile<
        z.infer<typeof Document.NewVersionInput>,
        z.infer<typeof Document.NewVersionUpload>
      >(c.req.header("content-type"), "{text}", (target) => c.req.valid(target));
      let result = await Ingest.addVersion(ctx, workspace.id, docId, {
        ...(body.kind === "json"
          ? { text: body.json.text }
          : { file: { bytes: body.bytes, fileName: body.file.name } }),
        addedBy: caller.userId,
      });
      reanchorMetrics(result.annotations);
      if (seen) {
        result = {
          document: await Round.withVisibleCounts(ctx, workspace.id, rule, result.document),
          annotations: await Round.visibleReanchorCounts(ctx, workspace.id, rule, docId, seen),
        };
      }
      return c.json(result, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/documents/{docId}",
      operationId: "updateDocument",
      access: "editor",
      summary: "Change title, author, source URL, publication date or attribute values",
      description:
        "`attributes` takes values by attribute id or name (null removes one), checked against the workspace's attribute definitions: an unknown attribute, a value of the wrong type or an unknown choice is a 422 and nothing is written.",
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
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const document = await Document.updateMetadata(
        c.var.ctx,
        c.var.workspace.id,
        docId,
        c.req.valid("json"),
      );
      const rule = await Round.blindRuleFor(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
      return c.json(
        await Round.withVisibleCounts(c.var.ctx, c.var.workspace.id, rule, document),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/documents/{docId}",
      operationId: "deleteDocument",
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
