import { GlossError } from "@gloss/core/error";
import * as Export from "@gloss/core/export";
import * as Round from "@gloss/core/round";
import type { Context as HonoContext } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import { pieceStream } from "../http/stream.ts";

const RoundParams = WorkspaceParams.extend({ roundId: z.string().min(1).max(64) });
const RoundDocumentParams = RoundParams.extend({ docId: z.string().min(1).max(64) });
const ConsensusParams = RoundParams.extend({ passageId: z.string().min(1).max(64) });
const ConsensusPassageParams = WorkspaceParams.extend({ passageId: z.string().min(1).max(64) });

/** While a blind round is open only owners may read what compares its coders. */
function refuseCoderWhileBlind(round: Round.Round, role: string, what: string) {
  if (round.blind && round.status === "open" && role !== "owner") {
    throw new GlossError(
      "forbidden",
      "round.blind_open",
      `the round is blind and open: only the owner may read its ${what} until it closes`,
    );
  }
}

const AgreementQuery = z.strictObject({
  unit: Round.Granularity.default("sentence").describe("The unit agreement is measured on"),
  overlap: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe("Share of a sentence or paragraph a passage must cover to code it; (0, 1]"),
});

const ReportQuery = AgreementQuery.extend({
  bom: z
    .enum(["0", "1"])
    .optional()
    .describe("1: start the CSV with a UTF-8 byte order mark, for Excel"),
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
      refuseCoderWhileBlind(round, workspace.role, "agreement");
      const { unit, overlap } = c.req.valid("query");
      const report = await Round.agreementOf(ctx, round, { granularity: unit, overlap });
      return c.json(report, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/documents/{docId}/disagreements",
      operationId: "getRoundDisagreements",
      access: "viewer",
      summary: "One round document side by side: a lane per coder and the units they disagree on",
      description:
        "The units are those the agreement counts at the same unit and overlap. While a blind round is open only the owner may read it.",
      tags: ["Rounds"],
      request: { params: RoundDocumentParams, query: AgreementQuery },
      responses: {
        200: json(Round.DocumentDisagreementsReport, "Lanes and disagreements"),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { roundId, docId } = c.req.valid("param");
      const round = await Round.get(ctx, workspace.id, roundId);
      refuseCoderWhileBlind(round, workspace.role, "disagreements");
      const { unit, overlap } = c.req.valid("query");
      const view = await Round.disagreementsOfDocument(ctx, round, docId, {
        granularity: unit,
        overlap,
      });
      return c.json(view, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/consensus",
      operationId: "listRoundConsensus",
      access: "viewer",
      summary: "The round's consensus layer: its coding of record",
      description:
        "Passages the team agreed on, each naming the coders' passages it resolves (`resolvedFrom`); the coders' own passages stay as they were.",
      tags: ["Rounds"],
      request: { params: RoundParams },
      responses: {
        200: json(
          z.object({ items: z.array(Round.ConsensusPassage), nextCursor: z.null() }),
          "Consensus passages",
        ),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const round = await Round.get(ctx, workspace.id, c.req.valid("param").roundId);
      refuseCoderWhileBlind(round, workspace.role, "consensus");
      return c.json({ items: await Round.listConsensus(ctx, round), nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/rounds/{roundId}/consensus",
      operationId: "resolveRoundDisagreement",
      access: "owner",
      summary: "Resolve a disagreement: adopt a coder's passage, merge passages, or write one",
      description:
        "Adds a passage to the round's consensus layer. Coders' passages are never changed. Refused (409 `round.blind_open`) while a blind round is open.",
      tags: ["Rounds"],
      request: {
        params: RoundParams,
        body: { content: { "application/json": { schema: Round.ResolveInput } }, required: true },
      },
      responses: {
        201: json(Round.ConsensusPassage, "Added to the consensus layer"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const round = await Round.get(ctx, workspace.id, c.req.valid("param").roundId);
      const passage = await Round.resolve(ctx, round, caller.userId, c.req.valid("json"));
      return c.json(passage, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/consensus/{passageId}",
      operationId: "getConsensusPassage",
      access: "viewer",
      summary: "A consensus passage by its id, as the reader shows it",
      description:
        "What a consensus passage's `passage_url` (`#ann=cns_…`) opens: the passage, and `anchored` when its offsets are into the text its document serves, else `orphaned`. 404 for a coder of an open blind round on its document.",
      tags: ["Rounds"],
      request: { params: ConsensusPassageParams },
      responses: {
        200: json(Round.ShownConsensus, "The consensus passage"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
      const shown = await Round.shownConsensus(
        ctx,
        workspace.id,
        c.req.valid("param").passageId,
        rule,
      );
      return c.json(shown, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/rounds/{roundId}/consensus/{passageId}",
      operationId: "removeRoundConsensus",
      access: "owner",
      summary: "Withdraw a consensus passage",
      tags: ["Rounds"],
      request: { params: ConsensusParams },
      responses: { 204: { description: "Withdrawn" }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { roundId, passageId } = c.req.valid("param");
      const round = await Round.get(ctx, workspace.id, roundId);
      await Round.removeConsensus(ctx, round, passageId);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/report.csv",
      operationId: "getRoundAgreementCsv",
      access: "viewer",
      summary: "The round's agreement report as CSV, a record per code × (all coders, each pair)",
      description: `Columns: ${Round.AGREEMENT_REPORT_COLUMNS.join(", ")}. While a blind round is open only the owner may read it.`,
      tags: ["Rounds"],
      request: { params: RoundParams, query: ReportQuery },
      responses: {
        200: {
          content: {
            "text/csv": {
              schema: z.string(),
              example: `${Round.AGREEMENT_REPORT_COLUMNS.join(",")}\r\n`,
            },
          },
          description: "The report",
        },
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { report, round } = await loadReport(c);
      const { bom } = c.req.valid("query");
      return c.body(Round.agreementReportCsv(report, { bom: bom === "1" }), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="gloss-agreement-${round.id}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/report.html",
      operationId: "getRoundAgreementHtml",
      access: "viewer",
      summary: "The round's agreement report as printable HTML, for a methods appendix",
      tags: ["Rounds"],
      request: { params: RoundParams, query: ReportQuery },
      responses: {
        200: { content: { "text/html": { schema: z.string() } }, description: "The report" },
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { report } = await loadReport(c);
      return c.body(Round.agreementReportHtml(report), 200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/rounds/{roundId}/project.qdpx",
      operationId: "exportRoundProjectQdpx",
      access: "viewer",
      summary: "The round's codings as a REFI-QDA project, each coder a User",
      description:
        "The round's documents, codes and its coders' passages with those codes, as GET …/exports/project.qdpx writes them (each coding names its coder as a REFI User). While a blind round is open only the owner may read it.",
      tags: ["Rounds"],
      request: { params: RoundParams },
      responses: {
        200: {
          content: { "application/zip": { schema: z.string() } },
          description: "The project, streamed",
        },
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { ctx, workspace, requestId } = c.var;
      const round = await Round.get(ctx, workspace.id, c.req.valid("param").roundId);
      refuseCoderWhileBlind(round, workspace.role, "codings");
      const source = await new Export.ExportSource(ctx, {
        workspaceId: workspace.id,
        filter: { documentIds: round.documentIds, tags: round.tagIds, authors: round.coderIds },
        origin: "",
      }).prepare();
      const generatedAt = ctx.now().toISOString();
      const stream = await pieceStream(
        Export.projectQdpx(source, { generatedAt }),
        "export",
        requestId,
      );
      return c.body(stream, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="gloss-round-${round.id}.qdpx"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
    },
  );

/** The round, its agreement and the names a report shows, for the report routes. */
async function loadReport(c: HonoContext<AppEnv>) {
  const { ctx, workspace } = c.var;
  const round = await Round.get(ctx, workspace.id, c.req.param("roundId") ?? "");
  refuseCoderWhileBlind(round, workspace.role, "agreement report");
  const query = ReportQuery.parse(c.req.query());
  const agreement = await Round.agreementOf(ctx, round, {
    granularity: query.unit,
    overlap: query.overlap,
  });
  return { round, report: await Round.reportContext(ctx, round, agreement) };
}
