import * as Document from "@gloss/core/document";
import * as Share from "@gloss/core/share";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });
const ShareParams = WorkspaceParams.extend({ shareId: z.string().min(1).max(64) });
const shareList = json(
  z.object({ items: z.array(Share.Share), nextCursor: z.null() }),
  "Share links",
);

export const shares = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/documents/{docId}/shares",
      operationId: "createShare",
      idempotent: { prefix: "shr", secretFields: ["token", "url"] },
      access: "editor",
      summary: "Create a read-only link to the annotated document",
      description: "The token is in this response only; the link is /s/<token>.",
      tags: ["Sharing"],
      request: {
        params: DocumentParams,
        body: {
          content: { "application/json": { schema: Share.CreateShareInput } },
          required: true,
        },
      },
      responses: {
        201: json(Share.CreatedShare, "Created; copy the link now"),
        ...errors(400, 401, 403, 404, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { docId } = c.req.valid("param");
      await Document.get(ctx, workspace.id, docId);
      const share = await Share.create(
        ctx,
        workspace.id,
        docId,
        { id: caller.userId, name: caller.name },
        c.req.valid("json"),
        { id: c.var.resourceId },
      );
      return c.json({ ...share, url: `/s/${share.token}` }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/documents/{docId}/shares",
      operationId: "listDocumentShares",
      access: "editor",
      summary: "Links of a document: label, creator, expiry, views",
      tags: ["Sharing"],
      request: { params: DocumentParams },
      responses: { 200: shareList, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { docId } = c.req.valid("param");
      await Document.get(c.var.ctx, c.var.workspace.id, docId);
      return c.json(
        { items: await Share.list(c.var.ctx, c.var.workspace.id, docId), nextCursor: null },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/shares",
      operationId: "listShares",
      access: "owner",
      summary: "Every link of the workspace, to review and revoke in one place",
      tags: ["Sharing"],
      request: { params: WorkspaceParams },
      responses: { 200: shareList, ...errors(401, 403, 404) },
    }),
    async (c) =>
      c.json({ items: await Share.list(c.var.ctx, c.var.workspace.id), nextCursor: null }, 200),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/shares/{shareId}",
      operationId: "revokeShare",
      access: "editor",
      summary: "Revoke a link; it stops working at once",
      tags: ["Sharing"],
      request: { params: ShareParams },
      responses: { 204: { description: "Revoked" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      await Share.revoke(c.var.ctx, c.var.workspace.id, c.req.valid("param").shareId);
      return c.body(null, 204);
    },
  );
