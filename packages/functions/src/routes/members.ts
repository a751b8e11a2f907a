import { GlossError } from "@gloss/core/error";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { z } from "zod";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const MemberParams = WorkspaceParams.extend({ userId: z.string().min(1).max(64) });
const InviteParams = WorkspaceParams.extend({ inviteId: z.string().min(1).max(64) });
const AcceptInput = z
  .strictObject({ token: z.string().min(1).max(200) })
  .meta({ id: "AcceptInviteInput" });

export const members = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/members",
      operationId: "listMembers",
      access: "viewer",
      summary: "Members of the workspace and their roles",
      tags: ["Members"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Workspace.Member), nextCursor: z.null() }), "Members"),
        ...errors(401, 404),
      },
    }),
    async (c) =>
      c.json(
        { items: await Workspace.listMembers(c.var.ctx, c.var.workspace.id), nextCursor: null },
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/members/{userId}",
      operationId: "updateMember",
      access: "owner",
      summary: "Change a member's role (the last owner cannot be demoted)",
      tags: ["Members"],
      request: {
        params: MemberParams,
        body: {
          content: { "application/json": { schema: Workspace.ChangeRoleInput } },
          required: true,
        },
      },
      responses: {
        200: json(Workspace.Member, "Changed"),
        ...errors(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const member = await Workspace.changeRole(
        c.var.ctx,
        c.var.workspace.id,
        userId,
        c.req.valid("json").role,
      );
      return c.json(member, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/members/{userId}",
      operationId: "removeMember",
      access: "viewer",
      summary: "Remove a member (owners), or leave (anyone, for themselves)",
      description: "The last owner cannot leave or be removed.",
      tags: ["Members"],
      request: { params: MemberParams },
      responses: { 204: { description: "Removed" }, ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const { workspace, caller } = c.var;
      if (userId !== caller.userId && workspace.role !== "owner") {
        throw new GlossError("forbidden", "auth.forbidden", "only owners can remove other members");
      }
      await Workspace.removeMember(c.var.ctx, workspace.id, userId);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/invites",
      operationId: "listInvites",
      access: "owner",
      summary: "Open and used invitations",
      tags: ["Members"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z.object({ items: z.array(Workspace.Invite), nextCursor: z.null() }),
          "Invitations",
        ),
        ...errors(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        { items: await Workspace.listInvites(c.var.ctx, c.var.workspace.id), nextCursor: null },
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/invites",
      operationId: "createInvite",
      access: "owner",
      summary: "Create a single-use invitation link",
      tags: ["Members"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Workspace.CreateInviteInput } },
          required: true,
        },
      },
      responses: {
        201: json(Workspace.CreatedInvite, "Created; share /invite/<token>"),
        ...errors(400, 401, 403, 404, 415),
      },
    }),
    async (c) => {
      const invite = await Workspace.createInvite(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        c.req.valid("json"),
      );
      return c.json(invite, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/invites/{inviteId}",
      operationId: "revokeInvite",
      access: "owner",
      summary: "Withdraw an invitation",
      tags: ["Members"],
      request: { params: InviteParams },
      responses: { 204: { description: "Withdrawn" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      await Workspace.revokeInvite(c.var.ctx, c.var.workspace.id, c.req.valid("param").inviteId);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/invites/accept",
      operationId: "acceptInvite",
      access: "user",
      rateLimit: limitRate("invite-accept", { max: 20, windowSeconds: 3600 }),
      summary: "Join a workspace with an invitation",
      tags: ["Members"],
      request: {
        body: { content: { "application/json": { schema: AcceptInput } }, required: true },
      },
      responses: {
        200: json(z.object({ workspaceId: z.string(), member: Workspace.Member }), "Joined"),
        ...errors(400, 401, 404, 415, 429),
      },
    }),
    async (c) => {
      const { caller, ctx } = c.var;
      const user =
        caller.via === "local"
          ? { id: caller.userId, name: caller.name, email: null }
          : await User.get(ctx, caller.userId);
      const result = await Workspace.acceptInvite(ctx, c.req.valid("json").token, user);
      return c.json(result, 200);
    },
  );
