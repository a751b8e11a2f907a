import { FindingsQuery, FindingsSchema, filterOfQuery, loadFindings } from "@gloss/core/findings";
import * as Round from "@gloss/core/round";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

export const findings = router().openapi(
  defineRoute({
    method: "get",
    path: "/workspaces/{ws}/exports/findings.json",
    operationId: "getFindings",
    access: "viewer",
    summary:
      "Findings: passages per code, code × document and code × attribute value matrices, co-occurrence, cross-references",
    tags: ["Findings"],
    request: { params: WorkspaceParams, query: FindingsQuery },
    responses: {
      200: json(FindingsSchema, "Findings of the (filtered) corpus"),
      ...errors(400, 401, 404, 422),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { ctx, workspace, caller } = c.var;
    const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
    const layer =
      query.layer === "consensus" ? await Round.consensusLayer(ctx, workspace.id, rule) : undefined;
    const filter = filterOfQuery(query);
    const result = await loadFindings(ctx, workspace.id, filter, rule.visible, layer);
    return c.json(result, 200);
  },
);
