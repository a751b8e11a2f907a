import * as Link from "@gloss/core/link";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, PageQuery, pageOf, WorkspaceParams } from "../http/schemas.ts";

const LinkParams = WorkspaceParams.extend({ linkId: z.string().min(1).max(64) });

export const links = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/links",
      operationId: "createLink",
      idempotent: { prefix: "lnk" },
      access: "editor",
      summary: "Link two passages (same or different documents)",
      tags: ["Links"],
      request: {
        params: WorkspaceParams,
        body: { content: { "application/json": { schema: Link.CreateLinkInput } }, required: true },
      },
      responses: { 201: json(Link.Link, "Created"), ...errors(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const link = await Link.create(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        c.req.valid("json"),
        { id: c.var.resourceId },
      );
      return c.json(link, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/links",
      operationId: "listLinks",
      access: "viewer",
      summary: "Links of one passage (annotationId), or of the whole workspace",
      tags: ["Links"],
      request: {
        params: WorkspaceParams,
        query: PageQuery.extend({
          annotationId: z
            .string()
            .max(64)
            .optional()
            .describe("Links with this passage at either end"),
        }),
      },
      responses: {
        200: json(pageOf(Link.Link), "Links with both quotes"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { annotationId, limit, cursor } = c.req.valid("query");
      if (annotationId) {
        const stored = await Link.listOfAnnotation(ctx, workspace.id, annotationId);
        return c.json(
          { items: await Link.withEnds(ctx, workspace.id, stored), nextCursor: null },
          200,
        );
      }
      const page = await Link.listByWorkspace(ctx, workspace.id, { limit, cursor });
      return c.json(
        { items: await Link.withEnds(ctx, workspace.id, page.items), nextCursor: page.nextCursor },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/links/{linkId}",
      operationId: "deleteLink",
      access: "editor",
      summary: "Remove a link",
      tags: ["Links"],
      request: { params: LinkParams },
      responses: { 204: { description: "Removed" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      await Link.remove(c.var.ctx, c.var.workspace.id, c.req.valid("param").linkId);
      return c.body(null, 204);
    },
  );
