import * as Annotation from "@gloss/core/annotation";
import * as Codebook from "@gloss/core/codebook";
import { GlossError } from "@gloss/core/error";
import * as Recode from "@gloss/core/recode";
import * as Round from "@gloss/core/round";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const TagParams = WorkspaceParams.extend({ tagId: z.string().min(1).max(64) });

const DeleteTagQuery = z.strictObject({
  mode: z
    .enum(["refuse", "remove"])
    .default("refuse")
    .describe("refuse: 409 when annotations use the code; remove: take it off them first"),
});

export const tags = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/tags",
      operationId: "listTags",
      access: "viewer",
      summary: "The workspace codebook",
      description:
        "Codes in tree order (depth first, siblings in their order), each with its parent, position and path. A merge left half-done by a crash is finished first.",
      tags: ["Codebook"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Codebook.Tag), nextCursor: z.null() }), "Codes by id"),
        ...errors(401, 404),
      },
    }),
    async (c) => {
      await Codebook.finishPendingMerges(c.var.ctx, c.var.workspace.id);
      const items = await Codebook.list(c.var.ctx, c.var.workspace.id);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/tags",
      operationId: "createTag",
      access: "editor",
      summary: "Add a code",
      tags: ["Codebook"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Codebook.CreateTagInput } },
          required: true,
        },
      },
      responses: {
        201: json(Codebook.Tag, "Created"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const tag = await Codebook.create(c.var.ctx, c.var.workspace.id, c.req.valid("json"));
      return c.json(tag, 201);
    },
  )
  .openapi(
    defineRoute({
      // Declared as createTag is: each route writes out its own OpenAPI block (see defineRoute).
      method: "patch",
      path: "/workspaces/{ws}/tags/{tagId}",
      operationId: "updateTag",
      access: "editor",
      summary: "Rename, recolour, describe or move a code (its id never changes)",
      description:
        "`parentId` re-parents the code (null: top level) and `position` places it among its siblings (0-based). A parent below the code itself is refused (422 `tag.cycle`), as is a tree deeper than 6 levels (422 `tag.too_deep`).",
      tags: ["Codebook"],
      request: {
        params: TagParams,
        body: {
          content: { "application/json": { schema: Codebook.UpdateTagInput } },
          required: true,
        },
      },
      responses: {
        200: json(Codebook.Tag, "Updated"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { tagId } = c.req.valid("param");
      const tag = await Codebook.update(c.var.ctx, c.var.workspace.id, tagId, c.req.valid("json"));
      return c.json(tag, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/tags/{tagId}",
      operationId: "deleteTag",
      access: "owner",
      summary: "Delete a code",
      description: "With `mode=refuse` (default) a code in use is kept and 409 is returned.",
      tags: ["Codebook"],
      request: { params: TagParams, query: DeleteTagQuery },
      responses: {
        200: json(
          z.object({ deleted: z.literal(true), annotationsChanged: z.number().int() }),
          "Deleted",
        ),
        ...errors(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { tagId } = c.req.valid("param");
      const { mode } = c.req.valid("query");
      await Codebook.get(ctx, workspace.id, tagId);
      // Whether (or how many) passages use a code would count other coders' hidden passages.
      const rule = await Round.blindRuleFor(ctx, workspace.id, c.var.caller.userId);
      Round.refuseWhileBlind(rule, "deleting a code");
      let annotationsChanged = 0;
      if (mode === "refuse") {
        if (await Annotation.isTagUsed(ctx, workspace.id, tagId)) {
          throw new GlossError(
            "conflict",
            "tag.in_use",
            `annotations use "${tagId}"; delete with mode=remove to take it off them`,
          );
        }
      } else {
        annotationsChanged = await Annotation.stripTag(ctx, workspace.id, tagId);
      }
      await Codebook.remove(ctx, workspace.id, tagId);
      return c.json({ deleted: true as const, annotationsChanged }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/tags/{tagId}/merge",
      operationId: "mergeTag",
      access: "editor",
      summary: "Merge a code into another",
      description:
        "Every passage coded with this code is coded with `into` instead (once, if it had both), its children move under `into`, and the code is removed. Safe to retry: an interrupted merge is finished by a retry or by the next codebook read, and a finished one answers again with `resumed: true`.",
      tags: ["Codebook"],
      request: {
        params: TagParams,
        body: {
          content: {
            "application/json": {
              schema: Codebook.MergeTagInput,
              example: { into: "arbitrary-detention" },
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Codebook.MergeResult, "Merged"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { tagId } = c.req.valid("param");
      const { into } = c.req.valid("json");
      // A merge re-tags (and counts) every coder's passages, hidden ones included.
      const rule = await Round.blindRuleFor(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
      Round.refuseWhileBlind(rule, "merging a code");
      const result = await Codebook.merge(c.var.ctx, c.var.workspace.id, tagId, into);
      return c.json(result, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/tags/{tagId}",
      operationId: "getTag",
      access: "viewer",
      summary: "One code, with its parent, position and path",
      tags: ["Codebook"],
      request: { params: TagParams },
      responses: { 200: json(Codebook.Tag, "The code"), ...errors(401, 404) },
    }),
    async (c) => {
      const { tagId } = c.req.valid("param");
      return c.json(await Codebook.get(c.var.ctx, c.var.workspace.id, tagId), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/tags/{tagId}/recode",
      operationId: "recodePassages",
      access: "editor",
      summary: "Re-code selected passages of a code (split by hand, add or remove a code)",
      description:
        "For the passages listed: `move` replaces this code with `to` (split a code by moving some of its passages to another, e.g. a new sub-code), `add` adds `to` beside it, `remove` takes this code off. Each passage is its own version-checked update with its own history entry; one that fails is listed in `failed` and the others still happen. Safe to retry.",
      tags: ["Codebook"],
      request: {
        params: TagParams,
        body: {
          content: {
            "application/json": {
              schema: Recode.RecodeInput,
              example: {
                annotationIds: ["ann_01HZX3J4K5M6N7P8Q9R0S1T2V3"],
                action: "move",
                to: "incommunicado-detention",
              },
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Recode.RecodeResult, "Done; `failed` lists the passages left as they were"),
        ...errors(400, 401, 403, 404, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { tagId } = c.req.valid("param");
      const visible = await Round.visibleTo(ctx, workspace.id, caller.userId);
      const result = await Recode.recode(ctx, workspace.id, tagId, c.req.valid("json"), visible);
      return c.json(result, 200);
    },
  );
