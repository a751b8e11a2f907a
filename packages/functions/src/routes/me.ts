import * as Workspace from "@gloss/core/workspace";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

const Me = z
  .object({
    user: z.object({ id: z.string(), name: z.string() }),
    workspaces: z.array(Workspace.Workspace),
  })
  .meta({ id: "Me" });

export const me = router().openapi(
  defineRoute({
    method: "get",
    path: "/me",
    operationId: "getMe",
    access: "user",
    summary: "The caller and their workspaces",
    tags: ["Workspaces"],
    responses: { 200: json(Me, "The caller"), ...errors(401) },
  }),
  async (c) => {
    const { ctx, caller } = c.var;
    const workspaces = await Workspace.listForUser(ctx, caller.userId);
    return c.json({ user: { id: caller.userId, name: caller.name }, workspaces }, 200);
  },
);
