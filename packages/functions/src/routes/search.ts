import type { Context } from "@gloss/core/context";
import * as Round from "@gloss/core/round";
import * as Search from "@gloss/core/search";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

/** A hit list can be long: selected hits for coding are ~60 bytes each. */
const CODE_BODY_LIMIT = 512 * 1024;

/** The caller's search parameters as the core takes them. */
function searchOf(query: {
  case: boolean;
  word: boolean;
  regex: boolean;
  documentId?: string[] | undefined;
  tag?: string[] | undefined;
  coded?: "inside" | "outside" | undefined;
}) {
  return {
    options: { caseSensitive: query.case, wholeWord: query.word, regex: query.regex },
    filters: { documentIds: query.documentId, tags: query.tag, coded: query.coded },
  };
}

/**
 * One page of a search as the caller may see it (an open blind round hides the other coders'
 * passages), 50 hits when no limit is asked: the corpus search and a saved search's run alike.
 */
export async function callerSearchPage(
  vars: { ctx: Context; workspace: { id: string }; caller: { userId: string } },
  q: string,
  options: Search.SearchOptions,
  filters: Omit<Search.SearchFilters, "visible">,
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<Search.SearchPage> {
  const { ctx, workspace, caller } = vars;
  const visible = await Round.visibleTo(ctx, workspace.id, caller.userId);
  return Search.searchPage(
    ctx,
    workspace.id,
    q,
    options,
    { ...filters, visible },
    { limit: page.limit ?? 50, cursor: page.cursor },
  );
}

export const search = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/search",
      operationId: "searchCorpus",
      access: "viewer",
      summary: "Every occurrence of a query in the workspace's documents, in context",
      description:
        "Hits are ordered by document id then offset; `total` and `documents` count the whole search. Case and diacritics are ignored by default. A regular expression that does not finish within its time limit is refused with 422 `search.regex_timeout`.",
      tags: ["Search"],
      request: { params: WorkspaceParams, query: Search.SearchQuery },
      responses: {
        200: json(Search.SearchResult, "One page of hits"),
        ...errors(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { options, filters } = searchOf(query);
      const documentFilter = await Search.documentFilterOf(c.var.ctx, c.var.workspace.id, query);
      const page = await callerSearchPage(
        c.var,
        query.q,
        options,
        { ...filters, ...documentFilter },
        query,
      );
      return c.json(page, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/search/code",
      operationId: "codeSearchHits",
      access: "editor",
      maxBodyBytes: CODE_BODY_LIMIT,
      summary: "Code the selected or all hits of a search",
      description:
        "Creates one annotation per passage (the hit, or its sentence or paragraph), skipping passages already coded with every requested code, each with its history entry. Annotation ids are derived from document, text version, span and codes, so retrying or re-running the request creates nothing twice. Up to 1,000 passages are coded in the request (200); more are coded in the background (202 with the job: poll `GET …/search/code/{jobId}`; posting the same request again returns that job, or resumes it when `stalled` or failed).",
      tags: ["Search"],
      request: {
        params: WorkspaceParams,
        body: {
          content: { "application/json": { schema: Search.CodeSearchInput } },
          required: true,
        },
      },
      responses: {
        200: json(Search.CodeSearchResult, "What was created and skipped"),
        202: json(Search.CodeJob, "Coding in the background; poll for progress"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const coded = await Search.codeOrStart(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        {
          q: body.q,
          options: {
            caseSensitive: body.options.case,
            wholeWord: body.options.word,
            regex: body.options.regex,
          },
          filters: {
            documentIds: body.documentIds,
            visible: await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId),
          },
          tags: body.tags,
          hits: body.hits,
          expand: body.expand,
        },
        (jobId) => Search.dispatchCodeJob(c.var.ctx, c.var.workspace.id, jobId),
      );
      return coded.kind === "done" ? c.json(coded.outcome, 200) : c.json(coded.job, 202);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/search.csv",
      operationId: "exportSearchCsv",
      access: "viewer",
      summary: "Every hit of a search as CSV",
      description:
        "The search's parameters, without paging: a row per hit in the API's order. Written as extracts.csv is: RFC 4180, UTF-8, CRLF records, every field with a comma, quote, CR or LF quoted, cells starting with = + - @ tab or CR prefixed with '. start/end are UTF-16 offsets.",
      tags: ["Search"],
      request: { params: WorkspaceParams, query: Search.SearchCsvQuery },
      responses: {
        200: {
          content: {
            "text/csv": { schema: z.string(), example: `${Search.HIT_COLUMNS.join(",")}\r\n` },
          },
          description: "The hits",
        },
        ...errors(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { options, filters } = searchOf(query);
      const csv = await Search.hitsCsv(
        c.var.ctx,
        c.var.workspace.id,
        query.q,
        options,
        {
          ...filters,
          visible: await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId),
          ...(await Search.documentFilterOf(c.var.ctx, c.var.workspace.id, query)),
        },
        { bom: query.bom === "1" },
      );
      const date = c.var.ctx.now().toISOString().slice(0, 10);
      return c.body(csv, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="gloss-search-${date}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/search/annotations",
      operationId: "searchAnnotations",
      access: "viewer",
      summary: "Notes and quoted passages holding every word, by author and date",
      description:
        "Case and diacritics are ignored; each word is matched anywhere in the field. Newest first. Annotations hidden by an open blind round are left out.",
      tags: ["Search"],
      request: { params: WorkspaceParams, query: Search.AnnotationSearchQuery },
      responses: {
        200: json(Search.AnnotationSearchResult, "One page of annotations"),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await Search.searchAnnotations(
        c.var.ctx,
        c.var.workspace.id,
        {
          q: query.q,
          in: query.in,
          authors: query.author,
          from: query.from,
          to: query.to,
          visible: await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId),
        },
        { limit: query.limit ?? 50, cursor: query.cursor },
      );
      return c.json(page, 200);
    },
  );
