import { TagId } from "@gloss/core/codebook";
import * as Round from "@gloss/core/round";
import * as Search from "@gloss/core/search";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import { callerSearchPage } from "./search.ts";

const QueryParams = WorkspaceParams.extend({ queryId: z.string().min(1).max(64) });

const HitsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional().describe("1 to 500; 50 when absent"),
  cursor: z.string().max(2048).optional().describe("nextCursor of the previous page"),
});

const CodeQueryInput = z
  .strictObject({
    tags: z
      .array(TagId)
      .min(1)
      .max(20)
      .refine((tags) => new Set(tags).size === tags.length, "each code at most once"),
    expand: z.enum(["none", "sentence", "paragraph"]).default("none"),
  })
  .meta({ id: "CodeSavedQueryInput" });

/** Saved searches ("queries"): listed, renamed, re-run, and their hits re-coded. */
export const queries = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/queries",
      operationId: "listSavedQueries",
      access: "viewer",
      summary: "The workspace's saved searches, oldest first",
      tags: ["Search"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z.object({ items: z.array(Search.SavedQuery), nextCursor: z.null() }),
          "Saved searches",
        ),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const items = await Search.Queries.list(c.var.ctx, c.var.workspace.id);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/queries",
      operationId: "createSavedQuery",
      access: "editor",
      summary: "Save a search under a name",
      description:
        "The query is parsed (or the pattern compiled) now: one that cannot run is a 400.",
      tags: ["Search"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Search.CreateSavedQueryInput } },
          required: true,
        },
      },
      responses: {
        201: json(Search.SavedQuery, "Saved"),
        ...errors(400, 401, 403, 404, 413, 415),
      },
    }),
    async (c) => {
      const saved = await Search.Queries.create(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        c.req.valid("json"),
      );
      return c.json(saved, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/queries/{queryId}",
      operationId: "getSavedQuery",
      access: "viewer",
      summary: "One saved search",
      tags: ["Search"],
      request: { params: QueryParams },
      responses: { 200: json(Search.SavedQuery, "The saved search"), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { queryId } = c.req.valid("param");
      return c.json(await Search.Queries.get(c.var.ctx, c.var.workspace.id, queryId), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/queries/{queryId}",
      operationId: "updateSavedQuery",
      access: "editor",
      summary: "Rename or change a saved search",
      description: "`version` must be the one you read; 409 `query.version_conflict` otherwise.",
      tags: ["Search"],
      request: {
        params: QueryParams,
        body: {
          content: { "application/json": { schema: Search.UpdateSavedQueryInput } },
          required: true,
        },
      },
      responses: {
        200: json(Search.SavedQuery, "Updated"),
        ...errors(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      const { queryId } = c.req.valid("param");
      const saved = await Search.Queries.update(
        c.var.ctx,
        c.var.workspace.id,
        queryId,
        c.req.valid("json"),
      );
      return c.json(saved, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/queries/{queryId}",
      operationId: "deleteSavedQuery",
      access: "editor",
      summary: "Delete a saved search (what it coded stays)",
      tags: ["Search"],
      request: { params: QueryParams },
      responses: {
        200: json(z.object({ deleted: z.literal(true) }), "Deleted"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { queryId } = c.req.valid("param");
      await Search.Queries.remove(c.var.ctx, c.var.workspace.id, queryId);
      return c.json({ deleted: true as const }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/queries/{queryId}/hits",
      operationId: "runSavedQuery",
      access: "viewer",
      summary: "Run a saved search: its hits now, documents added since included",
      tags: ["Search"],
      request: { params: QueryParams, query: HitsQuery },
      responses: {
        200: json(Search.SearchResult, "One page of hits"),
        ...errors(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { queryId } = c.req.valid("param");
      const page = c.req.valid("query");
      const saved = await Search.Queries.get(ctx, workspace.id, queryId);
      const { options, filters } = Search.Queries.searchOf(saved);
      const result = await callerSearchPage(c.var, saved.q, options, filters, page);
      return c.json(result, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/queries/{queryId}/code",
      operationId: "codeSavedQuery",
      access: "editor",
      summary: "Code every hit of a saved search, e.g. again after new documents arrived",
      description:
        "Runs the search now and codes all its hits; passages already coded with the codes (by an earlier run) are skipped, so only the new hits are coded.",
      tags: ["Search"],
      request: {
        params: QueryParams,
        body: { content: { "application/json": { schema: CodeQueryInput } }, required: true },
      },
      responses: {
        200: json(Search.CodeSearchResult, "What was created and skipped"),
        202: json(Search.CodeJob, "Coding in the background; poll `GET …/search/code/{jobId}`"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace, caller } = c.var;
      const { queryId } = c.req.valid("param");
      const body = c.req.valid("json");
      const saved = await Search.Queries.get(ctx, workspace.id, queryId);
      const { options, filters } = Search.Queries.searchOf(saved);
      // Large codings run in the background, as `POST …/search/code` does.
      const coded = await Search.codeOrStart(
        ctx,
        workspace.id,
        caller.userId,
        {
          q: saved.q,
          options,
          filters: { ...filters, visible: await Round.visibleTo(ctx, workspace.id, caller.userId) },
          tags: body.tags,
          hits: "all",
          expand: body.expand,
        },
        (jobId) => Search.dispatchCodeJob(ctx, workspace.id, jobId),
      );
      return coded.kind === "done" ? c.json(coded.outcome, 200) : c.json(coded.job, 202);
    },
  );
