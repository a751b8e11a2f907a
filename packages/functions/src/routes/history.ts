import * as Annotation from "@gloss/core/annotation";
import * as Document from "@gloss/core/document";
import { GlossError } from "@gloss/core/error";
import * as History from "@gloss/core/history";
import * as Round from "@gloss/core/round";
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, PageQuery, pageOf, WorkspaceParams } from "../http/schemas.ts";
import { pieceStream } from "../http/stream.ts";

/**
 * History entries record who acted and in which request: the core context of every request
 * names its caller and request id once the caller is known (mounted after resolveCaller).
 */
export const recordActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get("caller");
  if (caller) {
    c.set("ctx", { ...c.var.ctx, actor: { userId: caller.userId, requestId: c.var.requestId } });
  }
  await next();
};

const Entity = z
  .string()
  .max(200)
  .regex(/^(annotation|link|code|document|consensus):[A-Za-z0-9_-]{1,128}$/)
  .describe(
    "`<kind>:<id>`: annotation:ann_…, link:lnk_…, code:<slug>, document:doc_…, consensus:cns_…",
  );
const HistoryQuery = PageQuery.extend({
  entity: Entity.optional(),
  annotationId: z.string().min(1).max(64).optional().describe("Same as entity=annotation:<id>"),
  documentId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("The document's own changes and its passages'"),
});
const AnnotationParams = WorkspaceParams.extend({ annId: z.string().min(1).max(64) });
const DocumentParams = WorkspaceParams.extend({ docId: z.string().min(1).max(64) });
const HistoryPage = pageOf(History.HistoryEntry);

/** Drops entries of passages a blind round hides from the caller, as the annotation lists do. */
async function visibleOnly(c: Context<AppEnv>, page: { items: History.HistoryEntry[] }) {
  const visible = await Round.visibleTo(c.var.ctx, c.var.workspace.id, c.var.caller.userId);
  return page.items.filter((e) => {
    if (e.kind !== "annotation" && e.kind !== "consensus") return true;
    const state = e.after ?? e.before;
    return visible({
      documentId: (state?.documentId as string) ?? "",
      createdBy: (state?.createdBy as string) ?? "",
    });
  });
}

async function annotationHistory(
  c: Context<AppEnv>,
  annotationId: string,
  options: { limit?: number | undefined; cursor?: string | undefined },
) {
  const { ctx, workspace } = c.var;
  const page = await History.listByEntity(
    ctx,
    workspace.id,
    History.entityOf("annotation", annotationId),
    options,
  );
  if (page.items.length === 0 && !options.cursor) {
    // No entry: an annotation made before history was kept, or none at all (404).
    await Annotation.get(ctx, workspace.id, annotationId);
  }
  const items = await visibleOnly(c, page);
  if (page.items.length > 0 && items.length === 0) {
    throw new GlossError(
      "not_found",
      "annotation.not_found",
      "no such annotation in this workspace",
    );
  }
  return { items, nextCursor: page.nextCursor };
}

const file = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: { type: "string" as const } } },
});

async function download(
  c: Context<AppEnv>,
  pieces: AsyncIterable<string>,
  contentType: string,
  extension: string,
) {
  const stream = await pieceStream(pieces, "history export", c.var.requestId);
  return c.body(stream, 200, {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="history-${c.var.workspace.id}.${extension}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

/**
 * The append-only history. Read and restore only: no route writes, changes or deletes an entry
 * (deleting the workspace is the only thing that removes them).
 */
export const history = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/history",
      operationId: "listHistory",
      access: "viewer",
      summary: "Append-only history of an entity, a document, or the whole workspace",
      description:
        "With `entity` (or `annotationId`): that entity's entries, oldest first. With `documentId`: the document's and its passages' entries, newest first. Without: the workspace's, newest first. Entries are never changed or removed; a `pending` one is completed by the next write or read of its entity.",
      tags: ["History"],
      request: { params: WorkspaceParams, query: HistoryQuery },
      responses: { 200: json(HistoryPage, "A page of history entries"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { entity, annotationId, documentId, limit, cursor } = c.req.valid("query");
      const options = { limit, cursor };
      if (annotationId) return c.json(await annotationHistory(c, annotationId, options), 200);
      const page = entity
        ? await History.listByEntity(ctx, workspace.id, entity, options)
        : documentId
          ? await History.listByDocument(ctx, workspace.id, documentId, options)
          : await History.listByWorkspace(ctx, workspace.id, { ...options, newestFirst: true });
      return c.json({ items: await visibleOnly(c, page), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/annotations/{annId}/history",
      operationId: "getAnnotationHistory",
      access: "viewer",
      summary: "A passage's history, oldest first, kept after it is deleted",
      tags: ["History"],
      request: { params: AnnotationParams, query: PageQuery },
      responses: { 200: json(HistoryPage, "The passage's entries"), ...errors(400, 401, 404) },
    }),
    async (c) =>
      c.json(await annotationHistory(c, c.req.valid("param").annId, c.req.valid("query")), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      // Declared as the passage's history is: each route writes out its own block (see defineRoute).
      path: "/workspaces/{ws}/documents/{docId}/history",
      operationId: "getDocumentHistory",
      access: "viewer",
      summary: "A document's history and its passages', newest first, kept after it is deleted",
      tags: ["History"],
      request: { params: DocumentParams, query: PageQuery },
      responses: { 200: json(HistoryPage, "The document's entries"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { docId } = c.req.valid("param");
      const page = await History.listByDocument(ctx, workspace.id, docId, c.req.valid("query"));
      if (page.items.length === 0) await Document.get(ctx, workspace.id, docId);
      return c.json({ items: await visibleOnly(c, page), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/annotations/{annId}/restore",
      operationId: "restoreAnnotation",
      access: "editor",
      summary: "Restore a deleted passage from its history",
      description:
        "Puts the passage back exactly as it was deleted (codes, note, offsets, quote, links whose other end still exists), under its old id, recorded as its next history entry. 409 when it is not deleted or its document is gone.",
      tags: ["History"],
      request: { params: AnnotationParams },
      responses: {
        200: json(Annotation.Annotation, "The restored passage"),
        ...errors(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { annId } = c.req.valid("param");
      const restored = await Annotation.restore(c.var.ctx, c.var.workspace.id, annId);
      return c.json(restored, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/history.jsonl",
      operationId: "exportHistoryJsonl",
      access: "viewer",
      summary: "The workspace history as JSON Lines, oldest first",
      tags: ["History"],
      request: { params: WorkspaceParams },
      responses: {
        200: file("application/x-ndjson", "One HistoryEntry per line"),
        ...errors(401, 404),
      },
    }),
    async (c) =>
      download(
        c,
        History.historyJsonl(c.var.ctx, c.var.workspace.id),
        "application/x-ndjson; charset=utf-8",
        "jsonl",
      ),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/history.csv",
      operationId: "exportHistoryCsv",
      access: "viewer",
      summary: "The workspace history as CSV, oldest first",
      description: `RFC 4180, UTF-8, CRLF; columns ${History.HISTORY_COLUMNS.join(", ")}; states as JSON.`,
      tags: ["History"],
      request: {
        params: WorkspaceParams,
        query: z.strictObject({ bom: z.enum(["0", "1"]).optional() }),
      },
      responses: { 200: file("text/csv", "The history, streamed"), ...errors(400, 401, 404) },
    }),
    async (c) =>
      download(
        c,
        History.historyCsv(c.var.ctx, c.var.workspace.id, {
          bom: c.req.valid("query").bom === "1",
        }),
        "text/csv; charset=utf-8",
        "csv",
      ),
  );
