import * as Annotation from "@gloss/core/annotation";
import { GlossError } from "@gloss/core/error";
import * as Round from "@gloss/core/round";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, PageQuery, pageOf, WorkspaceParams } from "../http/schemas.ts";

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });
const AnnotationParams = WorkspaceParams.extend({ annId: z.string().min(1).max(64) });
const TagFilter = z.string().max(64).optional().describe("Only annotations with this code");

export const annotations = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}/annotations",
      operationId: "listDocumentAnnotations",
      access: "viewer",
      summary: "Annotations of a document, in text order",
      tags: ["Annotations"],
      request: { params: DocumentParams, query: PageQuery.extend({ tag: TagFilter }) },
      responses: {
        200: json(pageOf(Annotation.Annotation), "A page of annotations"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      const page = await Annotation.listByDocument(
        c.var.ctx,
        c.var.workspace.id,
        docId,
        c.req.valid("query"),
      );
      const visible = await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
      return c.json({ ...page, items: page.items.filter(visible) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents/{docId}/annotations",
      operationId: "createAnnotation",
      idempotent: { prefix: "ann" },
      access: "editor",
      summary: "Annotate a passage",
      description:
        "`start`/`end` are UTF-16 offsets into the canonical text; `exact` must equal the text between them.",
      tags: ["Annotations"],
      request: {
        params: DocumentParams,
        body: {
          content: { "application/json": { schema: Annotation.CreateAnnotationInput } },
          required: true,
        },
      },
      responses: {
        201: json(Annotation.Annotation, "Created"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { docId } = c.req.valid("param");
      const annotation = await Annotation.create(
        ctx,
        workspace.id,
        docId,
        caller.userId,
        c.req.valid("json"),
        { id: c.var.resourceId },
      );
      return c.json(annotation, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/annotations",
      operationId: "listAnnotations",
      access: "viewer",
      summary: "Annotations of the workspace, optionally by code or document",
      tags: ["Annotations"],
      request: {
        params: WorkspaceParams,
        query: PageQuery.extend({ tag: TagFilter, documentId: z.string().max(64).optional() }),
      },
      responses: {
        200: json(pageOf(Annotation.Annotation), "A page of annotations"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const page = await Annotation.listByWorkspace(
        c.var.ctx,
        c.var.workspace.id,
        c.req.valid("query"),
      );
      const visible = await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
      return c.json({ ...page, items: page.items.filter(visible) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/annotations/{annId}",
      operationId: "getAnnotation",
      access: "viewer",
      summary: "An annotation",
      tags: ["Annotations"],
      request: { params: AnnotationParams },
      responses: { 200: json(Annotation.Annotation, "The annotation"), ...errors(401, 404) },
    }),
    async (c) => {
      const { annId } = c.req.valid("param");
      const annotation = await Annotation.get(c.var.ctx, c.var.workspace.id, annId);
      const visible = await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
      // Hidden by a blind round: answered as if absent, so its existence does not leak either.
      if (!visible(annotation)) {
        throw new GlossError(
          "not_found",
          "annotation.not_found",
          "no such annotation in this workspace",
        );
      }
      return c.json(annotation, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/annotations/{annId}",
      operationId: "updateAnnotation",
      access: "editor",
      summary: "Change an annotation's codes or note",
      tags: ["Annotations"],
      request: {
        params: AnnotationParams,
        body: {
          content: { "application/json": { schema: Annotation.UpdateAnnotationInput } },
          required: true,
        },
      },
      responses: {
        200: json(Annotation.Annotation, "Updated"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { annId } = c.req.valid("param");
      // A passage a blind round hides is answered as absent, before anything is checked on it.
      await Round.visibleAnnotation(c.var.ctx, c.var.workspace.id, c.var.caller.userId, annId);
      const annotation = await Annotation.update(
        c.var.ctx,
        c.var.workspace.id,
        annId,
        c.req.valid("json"),
      );
      return c.json(annotation, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/annotations/{annId}",
      operationId: "deleteAnnotation",
      access: "editor",
      summary: "Delete an annotation",
      tags: ["Annotations"],
      request: { params: AnnotationParams },
      responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { annId } = c.req.valid("param");
      await Round.visibleAnnotation(c.var.ctx, c.var.workspace.id, c.var.caller.userId, annId);
      await Annotation.remove(c.var.ctx, c.var.workspace.id, annId);
      return c.body(null, 204);
    },
  );
