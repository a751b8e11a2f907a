import type { Context } from "@gloss/core/context";
import { GlossError } from "@gloss/core/error";
import * as Link from "@gloss/core/link";
import * as Round from "@gloss/core/round";
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
      await refuseHiddenEnds(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        c.req.valid("json"),
      );
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
        const rule = await Round.blindRuleFor(ctx, workspace.id, c.var.caller.userId);
        const stored = await Round.visibleLinks(
          ctx,
          workspace.id,
          rule,
          await Link.listOfAnnotation(ctx, workspace.id, annotationId),
        );
        return c.json(
          { items: await Link.withEnds(ctx, workspace.id, stored), nextCursor: null },
          200,
        );
      }
      const page = await Link.listByWorkspace(ctx, workspace.id, { limit, cursor });
      const rule = await Round.blindRuleFor(ctx, workspace.id, c.var.caller.userId);
      const shown = await Round.visibleLinks(ctx, workspace.id, rule, page.items);
      return c.json(
        { items: await Link.withEnds(ctx, workspace.id, shown), nextCursor: page.nextCursor },
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
      const { ctx, workspace, caller } = c.var;
      const { linkId } = c.req.valid("param");
      const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
      if (rule.blinded.size > 0) {
        // A link to a passage a blind round hides is answered as absent (the same 404).
        const link = (await Link.listAll(ctx, workspace.id)).find((l) => l.id === linkId);
        if (link && (await Round.visibleLinks(ctx, workspace.id, rule, [link])).length === 0) {
          throw new GlossError("not_found", "link.not_found", "no such link");
        }
      }
      await Link.remove(ctx, workspace.id, linkId);
      return c.body(null, 204);
    },
  );

/**
 * A link may not be drawn to a passage a blind round hides from the caller: refused exactly as a
 * link to a passage that does not exist, so the answer does not reveal that it does.
 */
async function refuseHiddenEnds(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: Link.CreateLinkInput,
): Promise<void> {
  const rule = await Round.blindRuleFor(ctx, workspaceId, userId);
  if (rule.blinded.size === 0) return;
  for (const id of [input.fromId, input.toId]) {
    const end = await Round.visibleAnnotation(ctx, workspaceId, userId, id).catch(() => null);
    if (!end) {
      throw new GlossError("invalid", "link.unknown_annotation", `no such annotation: ${id}`);
    }
  }
}
