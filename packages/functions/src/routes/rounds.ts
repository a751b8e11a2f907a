import { GlossError } from "@gloss/core/error";
import * as Round from "@gloss/core/round";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const RoundParams = WorkspaceParams.extend({ roundId: z.string().min(1).max(64) });

const AgreementQuery = z.strictObject({
  unit: Round.Granularity.default("sentence").describe("The unit agreement is measured on"),
  overlap: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe("Share of a sentence or paragraph a passage must cover to code it; (0, 1]"),
});

export const rounds = router()
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/rounds",
      operationId: "createRound",
      access: "owner",
      summary: "Open a coding round",
      description:
        "Coders code the documents with the codes independently; with `blind`, each coder sees only their own passages on those documents until the round is closed.",
      tags: ["Rounds"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Round.CreateRoundInput } },
          required: true,
        },
      },
      responses: { 201: json(Round.Round, "Opened"), ...errors(400, 401, 403, 404, 415, 422) },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const round = await Round.create(ctx, workspace.id, caller.userId, c.req.valid("json"));
      return c.json(round, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds",
      operationId: "listRounds",
      access: "viewer",
      summary: "The workspace's coding rounds, oldest first",
      tags: ["Rounds"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Round.Round), nextCursor: z.null() }), "Rounds"),
        ...errors(401, 404),
      },
    }),
    async (c) => {
      const items = await Round.listByWorkspace(c.var.ctx, c.var.workspace.id);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}",
      operationId: "getRound",
      access: "viewer",
      summary: "A coding round",
      tags: ["Rounds"],
      request: { params: RoundParams },
      responses: { 200: json(Round.Round, "The round"), ...errors(401, 404) },
    }),
    async (c) => {
      const round = await Round.get(c.var.ctx, c.var.workspace.id, c.req.valid("param").roundId);
      return c.json(round, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/rounds/{roundId}/close",
      operationId: "closeRound",
      access: "owner",
      summary: "Close a round; in a blind round everyone's passages become visible",
      tags: ["Rounds"],
      request: { params: RoundParams },
      responses: { 200: json(Round.Round, "Closed"), ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const round = await Round.close(c.var.ctx, c.var.workspace.id, c.req.valid("param").roundId);
      return c.json(round, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/agreement",
      operationId: "getRoundAgreement",
      access: "viewer",
      summary: "Intercoder agreement of a round, per code and overall, per pair and all coders",
      description:
        "Percent agreement, Cohen's κ (pairs), Fleiss' κ and nominal Krippendorff's α with a bootstrap interval, on the round's coders' passages; formulas in docs/agreement.md. While a blind round is open only the owner may read it.",
      tags: ["Rounds"],
      request: { params: RoundParams, query: AgreementQuery },
      responses: {
        200: json(Round.RoundAgreementReport, "Agreement"),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const round = await Round.get(ctx, workspace.id, c.req.valid("param").roundId);
      if (round.blind && round.status === "open" && workspace.role !== "owner") {
        throw new GlossError(
          "forbidden",
          "round.blind_open",
          "the round is blind and open: only the owner may read its agreement until it closes",
        );
      }
      const { unit, overlap } = c.req.valid("query");
      const report = await Round.agreementOf(ctx, round, { granularity: unit, overlap });
      return c.json(report, 200);
    },
  );
