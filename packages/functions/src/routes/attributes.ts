import * as Attribute from "@gloss/core/attribute";
import * as Document from "@gloss/core/document";
import { GlossError } from "@gloss/core/error";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const AttributeParams = WorkspaceParams.extend({ attributeId: z.string().min(1).max(64) });

/** A values file is a corpus's documents, a row each: 2 MB is ample. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

const DeleteAttributeQuery = z.strictObject({
  mode: z
    .enum(["refuse", "remove"])
    .default("refuse")
    .describe(
      "refuse: 409 when documents hold values of it; remove: take the values off them first",
    ),
});

const AttributeList = z.object({ items: z.array(Attribute.Attribute), nextCursor: z.null() });

export const attributes = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/attributes",
      operationId: "listAttributes",
      access: "viewer",
      summary: "The workspace's document attributes (country, source type, …)",
      tags: ["Attributes"],
      request: { params: WorkspaceParams },
      responses: { 200: json(AttributeList, "Attributes by id"), ...errors(401, 404) },
    }),
    async (c) => {
      const items = await Attribute.list(c.var.ctx, c.var.workspace.id);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/attributes",
      operationId: "createAttribute",
      access: "editor",
      summary: "Define a document attribute",
      description:
        "Types: text, number, date, boolean (yes/no), choice (one of `choices`), choices (several). Names are unique ignoring case (409).",
      tags: ["Attributes"],
      request: {
        params: WorkspaceParams,
        body: {
          content: {
            "application/json": {
              schema: Attribute.CreateAttributeInput,
              example: {
                name: "Source type",
                type: "choice",
                choices: ["UN report", "NGO report", "News article"],
              },
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(Attribute.Attribute, "Defined"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const attribute = await Attribute.create(c.var.ctx, c.var.workspace.id, c.req.valid("json"));
      return c.json(attribute, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/attributes/starter",
      operationId: "addStarterAttributes",
      access: "editor",
      summary: "Add the starter attributes: country, source type, publication year",
      description: "Idempotent: attributes the workspace already has (by id or name) are kept.",
      tags: ["Attributes"],
      request: { params: WorkspaceParams },
      responses: {
        200: json(AttributeList, "The workspace's attributes afterwards"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const items = await Attribute.addStarterSet(c.var.ctx, c.var.workspace.id);
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/workspaces/{ws}/attributes/{attributeId}",
      operationId: "updateAttribute",
      access: "editor",
      summary: "Rename or describe an attribute, or change its choices (id and type never change)",
      tags: ["Attributes"],
      request: {
        params: AttributeParams,
        body: {
          content: { "application/json": { schema: Attribute.UpdateAttributeInput } },
          required: true,
        },
      },
      responses: {
        200: json(Attribute.Attribute, "Updated"),
        ...errors(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { attributeId } = c.req.valid("param");
      const input = c.req.valid("json");
      const inUse = input.choices
        ? (await Document.usageOf(ctx, workspace.id, attributeId)).values
        : undefined;
      const attribute = await Attribute.update(ctx, workspace.id, attributeId, input, inUse);
      return c.json(attribute, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/workspaces/{ws}/attributes/{attributeId}",
      operationId: "deleteAttribute",
      access: "owner",
      summary: "Delete an attribute",
      description:
        "With `mode=refuse` (default) an attribute documents hold values of is kept and 409 says how many; `mode=remove` takes the values off them first (repeatable if interrupted).",
      tags: ["Attributes"],
      request: { params: AttributeParams, query: DeleteAttributeQuery },
      responses: {
        200: json(
          z.object({ deleted: z.literal(true), documentsChanged: z.number().int() }),
          "Deleted",
        ),
        ...errors(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { ctx, workspace } = c.var;
      const { attributeId } = c.req.valid("param");
      const { mode } = c.req.valid("query");
      const attribute = await Attribute.get(ctx, workspace.id, attributeId);
      const usage = await Document.usageOf(ctx, workspace.id, attributeId);
      let documentsChanged = 0;
      if (usage.documents.length > 0) {
        if (mode === "refuse") {
          throw new GlossError(
            "conflict",
            "attribute.in_use",
            `${usage.documents.length} document${usage.documents.length === 1 ? " has" : "s have"} a value of "${attribute.name}"; delete with mode=remove to remove the values too`,
            { documents: usage.documents.length },
          );
        }
        documentsChanged = await Document.removeValues(
          ctx,
          workspace.id,
          attributeId,
          usage.documents,
        );
      }
      await Attribute.remove(ctx, workspace.id, attributeId);
      return c.json({ deleted: true as const, documentsChanged }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/imports/attributes.csv",
      operationId: "importAttributeValues",
      access: "editor",
      maxBodyBytes: MAX_CSV_BYTES,
      summary: "Set documents' attribute values from a CSV",
      description:
        "A header row, a `document_id` (or `id`) or `title` column to find each document, and a column per attribute named by its id, its name or `attr_<id>` (as the CSV exports write it). Several choices are separated by `;`, yes/no as yes/no/true/false/1/0. An empty cell leaves the value unchanged. UTF-8 with or without BOM, CRLF or LF. Every row is reported as imported or skipped with its reason.",
      tags: ["Attributes"],
      request: {
        params: WorkspaceParams,
        body: {
          content: {
            "text/csv": {
              schema: z.string(),
              example: "document_id,Country,Source type\r\ndoc_01,Cambodia,NGO report\r\n",
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Attribute.AttributeImportResult, "Each row, imported or skipped"),
        ...errors(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new GlossError(
          "invalid",
          "csv.not_utf8",
          "the CSV is not UTF-8; save it as CSV UTF-8",
        );
      }
      const result = await Attribute.importCsv(c.var.ctx, c.var.workspace.id, text);
      return c.json(result, 200);
    },
  );
