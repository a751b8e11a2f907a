import { GlossError } from "@gloss/core/error";
import * as Share from "@gloss/core/share";
import * as Verify from "@gloss/core/verify";
import * as Workspace from "@gloss/core/workspace";
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
 * of a live share link of that very document. Everyone else gets the same 404 as for a document
 * that does not exist. A reviewer outside the workspace verifies through the share link the
 * researcher gives them (the shared reader shows the verification of every passage).
 */
export const verify = router().openapi(
  defineRoute({
    method: "post",
    path: "/verify",
    operationId: "verifyCitation",
    access: "public",
    maxBodyBytes: 512 * 1024,
    rateLimit: limitRate("verify", { max: 600, windowSeconds: 600 }),
    summary: "Check that an exported quote stands at its offsets in the stored text version",
    description:
      "Give the document, the version (`textVersion`, or its `text_sha256` from an export), `start`, `end` and `exact`. Answers with the version's hashes. Allowed to a member of the document's workspace, or with the `shareToken` of a share link of the document; otherwise 404. Offsets are UTF-16 code units, as every export writes them; a CSV cell neutralised against formulas (a leading `'`) must be given without that `'`.",
    tags: ["Documents"],
    request: {
      body: { content: { "application/json": { schema: Verify.VerifyInput } }, required: true },
    },
    responses: { 200: json(Verify.VerifyResult, "The verification"), ...errors(400, 404, 429) },
  }),
  async (c) => {
    const { ctx, caller } = c.var;
    const input = c.req.valid("json");
    let workspaceId: string | null = null;
    if (input.shareToken) {
      const share = await Share.open(ctx, input.shareToken);
      if (share && share.documentId === input.documentId) workspaceId = share.workspaceId;
    } else if (caller) {
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
    }
    if (!workspaceId) throw notFound();
    return c.json(await Verify.verifyQuote(ctx, workspaceId, input), 200);
  },
);
