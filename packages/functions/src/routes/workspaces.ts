import * as Workspace from "@gloss/core/workspace";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

export const workspaces = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces",
      operationId: "listWorkspaces",
      access: "user",
      summary: "Workspaces of the caller",
      tags: ["Workspaces"],
      responses: {
        200: json(
          z.object({ items: z.array(Workspace.Workspace), nextCursor: z.null() }),
          "Workspaces",
        ),
        ...errors(401),
      },
    }),
    async (c) => {
      const items = await Workspace.listForUser(c.var.ctx, c.var.caller.userId);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces",
      operationId: "createWorkspace",
      idempotent: { prefix: "ws" },
      access: "user",
      summary: "Create a workspace (seeded with the default codebook)",
      tags: ["Workspaces"],
      request: {
        body: {
          content: { "application/json": { schema: Workspace.CreateWorkspaceInput } },
          required: true,
        },
      },
      responses: { 201: json(Workspace.Workspace, "Created"), ...errors(400, 401, 415) },
    }),
    async (c) => {
      const workspace = await Workspace.create(
        c.var.ctx,
        { id: c.var.caller.userId, name: c.var.caller.name, email: c.var.caller.email },
        { ...c.req.valid("json"), ...(c.var.resourceId ? { id: c.var.resourceId } : {}) },
      );
      return c.json(workspace, 201);
    },
  );
