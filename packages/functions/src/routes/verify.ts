import { GlossError } from "@gloss/core/error";
import * as Share from "@gloss/core/share";
import * as Verify from "@gloss/core/verify";
import * as Workspace from "@gloss/core/workspace";
import { z } from "zod";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

const notFound = () =>
  new GlossError("not_found", "document.not_found", "no such document that you can read");

/**
 * Verification answers whether given text stands at given offsets, which is an oracle on the text:
 * asked character by character it would read the document out. So it is answered only to callers
 * who may read that text anyway: a member of the document's workspace (any role), or the holder
 * of a live share link of that very document (`/shared/{token}/verify`). Everyone else gets the
 * same 404 as for a document that does not exist. A reviewer outside the workspace verifies
 * through the share link the researcher gives them (the shared reader shows the verification of
 * every passage).
 */
export const verify = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/verify",
      operationId: "verifyCitation",
      access: "user",
      maxBodyBytes: 512 * 1024,
      rateLimit: limitRate("verify", { max: 600, windowSeconds: 600 }),
      summary: "Check that an exported quote stands at its offsets in the stored text version",
      description:
        "Give the document, the version (`textVersion`, or its `text_sha256` from an export), `start`, `end` and `exact`. Answers with the version's hashes. Answered to a member of the document's workspace (any role); anyone else gets 404, as for no document. Without an account, verify through the document's share link: `POST /shared/{token}/verify`. Offsets are UTF-16 code units, as every export writes them; a CSV cell neutralised against formulas (a leading `'`) must be given without that `'`.",
      tags: ["Documents"],
      request: {
        body: { content: { "application/json": { schema: Verify.VerifyInput } }, required: true },
      },
      responses: {
        200: json(Verify.VerifyResult, "The verification"),
        ...errors(400, 401, 404, 415, 429),
      },
    }),
    async (c) => {
      const { ctx, caller } = c.var;
      const input = c.req.valid("json");
      const candidates = input.workspaceId
        ? [input.workspaceId]
        : (await Workspace.listForUser(ctx, caller.userId)).map((w) => w.id);
      for (const id of candidates) {
        if (!(await Workspace.getMembership(ctx, id, caller.userId))) continue;
        const result = await Verify.verifyQuote(ctx, id, input).catch((error) => {
          if (error instanceof GlossError && error.code === "document.not_found") return null;
          throw error;
        });
        if (result) return c.json(result, 200);
      }
      throw notFound();
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/shared/{token}/verify",
      operationId: "verifySharedCitation",
      access: "public",
      maxBodyBytes: 512 * 1024,
      rateLimit: limitRate("verify", { max: 600, windowSeconds: 600 }),
      summary: "Check a citation of a shared document, with its share link and no account",
      description:
        "As `POST /verify`, for the document the share link opens (its whole text is readable through the link already). Another document, or an unknown, revoked or expired link, answers 404.",
      tags: ["Sharing"],
      request: {
        params: z.object({ token: z.string().max(200) }),
        body: { content: { "application/json": { schema: Verify.VerifyInput } }, required: true },
      },
      responses: {
        200: json(Verify.VerifyResult, "The verification"),
        ...errors(400, 404, 415, 429),
      },
    }),
    async (c) => {
      const { ctx } = c.var;
      const input = c.req.valid("json");
      const share = await Share.open(ctx, c.req.valid("param").token);
      if (!share || share.documentId !== input.documentId) throw notFound();
      return c.json(await Verify.verifyQuote(ctx, share.workspaceId, input), 200);
    },
  );
