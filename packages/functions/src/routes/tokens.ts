import * as Token from "@gloss/core/token";
import { z } from "zod";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

const TokenParams = z.object({ tokenId: z.string().min(1).max(64) });

export const tokens = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/tokens",
      operationId: "listTokens",
      access: "user",
      summary: "Your personal API tokens (never their secrets)",
      tags: ["Account"],
      responses: {
        200: json(z.object({ items: z.array(Token.ApiToken), nextCursor: z.null() }), "Tokens"),
        ...errors(401),
      },
    }),
    async (c) =>
      c.json({ items: await Token.list(c.var.ctx, c.var.caller.userId), nextCursor: null }, 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/tokens",
      operationId: "createToken",
      idempotent: { prefix: "tok", secretFields: ["token"] },
      access: "user",
      rateLimit: limitRate("token-create", { max: 20, windowSeconds: 3600 }),
      summary: "Create a personal API token for scripts (R, Python, curl)",
      description:
        "The secret is in this response only. Send it as `Authorization: Bearer <token>`.",
      tags: ["Account"],
      request: {
        body: {
          content: { "application/json": { schema: Token.CreateApiTokenInput } },
          required: true,
        },
      },
      responses: {
        201: json(Token.CreatedApiToken, "Created; copy the token now"),
        ...errors(400, 401, 415, 429),
      },
    }),
    async (c) =>
      c.json(
        await Token.create(c.var.ctx, c.var.caller.userId, c.req.valid("json"), {
          id: c.var.resourceId,
        }),
        201,
      ),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/tokens/{tokenId}",
      operationId: "revokeToken",
      access: "user",
      summary: "Revoke a personal API token",
      tags: ["Account"],
      request: { params: TokenParams },
      responses: { 204: { description: "Revoked" }, ...errors(401, 404) },
    }),
    async (c) => {
      await Token.revoke(c.var.ctx, c.var.caller.userId, c.req.valid("param").tokenId);
      return c.body(null, 204);
    },
  );
