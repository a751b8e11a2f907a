import { withAttributeFilter } from "@gloss/core/attribute";
import type { Context as CoreContext } from "@gloss/core/context";
import * as Export from "@gloss/core/export";
import { FindingsBaseQuery, FindingsQuery, filterOfQuery } from "@gloss/core/findings";
import * as Round from "@gloss/core/round";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env.ts";
import { asciiSlug } from "../http/file-name.ts";
import { metric } from "../http/log.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import { pieceStream } from "../http/stream.ts";

/** An import body is read whole; Lambda's synchronous payload limit is 6 MB. */
const MAX_IMPORT_BODY_BYTES = 6 * 1024 * 1024;

/** The filter of findings.json, so every export of a filtered view covers the same passages. */
const Filters = FindingsQuery;
/** The filter with more parameters of an export's own (`attr.*` still admitted). */
const filtersWith = <S extends z.ZodRawShape>(shape: S) =>
  withAttributeFilter(FindingsBaseQuery.extend(shape));
const Bom = z
  .enum(["0", "1"])
  .optional()
  .describe("1: start with a UTF-8 byte order mark, so Excel reads the file as UTF-8");
const CsvQuery = filtersWith({
  layout: z
    .enum(["long", "wide"])
    .default("long")
    .describe("long: a row per passage and code; wide: a row per passage, codes joined by '; '"),
  bom: Bom,
});

/** A streamed file response for OpenAPI. */
const file = (mediaType: string, description: string, example?: string) => ({
  content: { [mediaType]: { schema: z.string(), ...(example ? { example } : {}) } },
  description,
});

/**
 * The JSON-LD export's body as OpenAPI describes it: a W3C AnnotationCollection with its first
 * AnnotationPage inline (the conformance step checks the W3C suite's MUSTs on the real thing).
 */
const AnnotationCollection = z
  .looseObject({
    "@context": z.union([z.string(), z.array(z.unknown())]),
    id: z.string(),
    type: z.union([z.string(), z.array(z.string())]),
    total: z.number().int(),
    first: z.looseObject({
      id: z.string(),
      type: z.string(),
      items: z.array(z.looseObject({ id: z.string() })),
    }),
  })
  .meta({ id: "AnnotationCollection" });

/** A CSV response for OpenAPI, its example the header row. */
const csvFile = (columns: readonly string[], description: string) =>
  file("text/csv", description, `${columns.join(",")}\r\n`);

/**
 * The origin exports write absolute links on: the request's own, with the host the client used
 * (the Router forwards it as X-Forwarded-Host).
 */
function originOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const host = c.req.header("x-forwarded-host") ?? url.host;
  const proto = c.req.header("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return /^[a-z0-9.:[\]-]+$/i.test(host) && /^https?$/.test(proto) ? `${proto}://${host}` : "";
}

async function open(
  c: Context<AppEnv>,
  query: Partial<z.output<typeof FindingsBaseQuery>> & Record<string, unknown>,
) {
  const { ctx, workspace, caller } = c.var;
  const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
  return new Export.ExportSource(c.var.ctx, {
    workspaceId: c.var.workspace.id,
    filter: filterOfQuery(query),
    origin: originOf(c),
    blind: {
      visible: rule.visible,
      links: (links) => Round.visibleLinks(ctx, workspace.id, rule, links),
    },
    // `?layer=consensus`: the rounds' consensus passages in place of those they resolve.
    ...(query.layer === "consensus"
      ? { layer: await Round.consensusLayer(ctx, workspace.id, rule) }
      : {}),
  }).prepare();
}

/** `gloss-<workspace>-<what>-<yyyy-mm-dd>.<ext>`, ASCII-safe, with the UTF-8 name alongside. */
function disposition(workspaceName: string, what: string, extension: string, ctx: CoreContext) {
  const date = ctx.now().toISOString().slice(0, 10);
  const ascii = `gloss-${asciiSlug(workspaceName)}-${what}-${date}.${extension}`;
  const utf8 = `gloss-${workspaceName.replace(/[\\/:*?"<>|\p{Cc}]+/gu, "-")}-${what}-${date}.${extension}`;
  // RFC 5987: encodeURIComponent leaves ' ( ) * as they are, which the header grammar forbids.
  const encoded = encodeURIComponent(utf8).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends an export as it is produced (see `pieceStream` for when a failure is still a 4xx/5xx). */
async function streamed(
  c: Context<AppEnv>,
  pieces: AsyncIterable<string | Uint8Array>,
  headers: { contentType: string; disposition: string },
) {
  const stream = await pieceStream(pieces, "export", c.var.requestId);
  // Export sizes as a metric (ExportBytes, by format), counted as the bytes go out.
  const format = new URL(c.req.url).pathname.split("/").pop() ?? "export";
  let bytes = 0;
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      flush() {
        metric("ExportBytes", bytes, "Bytes", { format });
      },
    }),
  );
  return c.body(counted, 200, {
    "Content-Type": headers.contentType,
    "Content-Disposition": headers.disposition,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

/** Sends a CSV export as `gloss-<workspace>-<what>-<date>.csv`. */
const streamedCsv = (
  c: Context<AppEnv>,
  workspaceName: string,
  what: string,
  pieces: AsyncIterable<string | Uint8Array>,
) =>
  streamed(c, pieces, {
    contentType: "text/csv; charset=utf-8",
    disposition: disposition(workspaceName, what, "csv", c.var.ctx),
  });

const generatedAt = (c: Context<AppEnv>) => c.var.ctx.now().toISOString();

export const exports = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/extracts.csv",
      operationId: "exportExtractsCsv",
      access: "viewer",
      summary: "Tagged extracts as CSV (Excel, R, pandas)",
      description:
        "RFC 4180, UTF-8, CRLF. Cells starting with = + - @ tab or CR get a leading ' so spreadsheets never run them as formulas. start/end are UTF-16 offsets, as in the API.",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: CsvQuery },
      responses: { 200: file("text/csv", "The extracts, streamed"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const source = await open(c, query);
      const pieces = Export.extractsCsv(source, { layout: query.layout, bom: query.bom === "1" });
      return streamedCsv(c, source.workspaceName, "extracts", pieces);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/findings-codes.csv",
      access: "viewer",
      operationId: "exportFindingsCodesCsv",
      summary: "Findings as CSV: passages and documents per code",
      description: `One header row (${Export.FINDINGS_CODE_COLUMNS.join(", ")}), a record per code in scope.`,
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: filtersWith({ bom: Bom }) },
      responses: {
        200: csvFile(Export.FINDINGS_CODE_COLUMNS, "The codes"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const source = await open(c, query);
      return streamedCsv(
        c,
        source.workspaceName,
        "findings-codes",
        Export.findingsCodesCsvExport(source, { bom: query.bom === "1" }),
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/findings-matrix.csv",
      access: "viewer",
      operationId: "exportFindingsMatrixCsv",
      summary: "Findings as CSV: the code × document matrix, a record per code and document",
      description: `One header row (${Export.FINDINGS_MATRIX_COLUMNS.join(", ")}); zeros included, so pivoting on code × document_id gives the full matrix.`,
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: filtersWith({ bom: Bom }) },
      responses: {
        200: csvFile(Export.FINDINGS_MATRIX_COLUMNS, "The matrix"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const source = await open(c, query);
      return streamedCsv(
        c,
        source.workspaceName,
        "findings-matrix",
        Export.findingsMatrixCsvExport(source, { bom: query.bom === "1" }),
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/findings.csv",
      access: "viewer",
      operationId: "exportFindingsCsv",
      deprecated: true,
      summary: "Former findings CSV: now the per-code table of findings-codes.csv",
      description:
        "It used to hold two tables in one file, which no CSV reader can load. It now answers exactly what findings-codes.csv does, with `Link` headers to findings-codes.csv and findings-matrix.csv; use those.",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: filtersWith({ bom: Bom }) },
      responses: {
        200: csvFile(Export.FINDINGS_CODE_COLUMNS, "The codes, as findings-codes.csv"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const source = await open(c, query);
      const search = new URL(c.req.url).search;
      c.header(
        "Link",
        `<findings-codes.csv${search}>; rel="alternate"; type="text/csv", <findings-matrix.csv${search}>; rel="related"; type="text/csv"`,
      );
      return streamedCsv(
        c,
        source.workspaceName,
        "findings-codes",
        Export.findingsCodesCsvExport(source, { bom: query.bom === "1" }),
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/report.html",
      operationId: "exportReportHtml",
      access: "viewer",
      summary: "A printable findings report (self-contained HTML, no scripts)",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: Filters },
      responses: { 200: file("text/html", "The report"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const source = await open(c, c.req.valid("query"));
      c.header(
        "Content-Security-Policy",
        // Its own policy (inline styles), still never framed.
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      return streamed(c, Export.reportHtml(source, { generatedAt: generatedAt(c) }), {
        contentType: "text/html; charset=utf-8",
        disposition: disposition(source.workspaceName, "report", "html", c.var.ctx),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/annotations.jsonld",
      operationId: "exportAnnotationsJsonLd",
      access: "viewer",
      summary: "W3C Web Annotation JSON-LD (an AnnotationCollection)",
      description:
        "An AnnotationCollection with one embedded AnnotationPage (`total` on both). Passages with TextQuoteSelector and TextPositionSelector (code point positions), codes as tagging TextualBodies (value = label), notes as commenting bodies, creators with an id; a link is a linking annotation whose target is the passage it starts from and whose body names the passage it points to and the relation (classifying). Passes every MUST of the W3C Web Annotation test suite.",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: Filters },
      responses: {
        200: {
          content: { "application/ld+json": { schema: AnnotationCollection } },
          description: "The annotations, streamed",
        },
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const source = await open(c, c.req.valid("query"));
      const response = await streamed(
        c,
        Export.annotationsJsonLd(source, { generatedAt: generatedAt(c) }),
        {
          contentType:
            'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
          disposition: disposition(source.workspaceName, "annotations", "jsonld", c.var.ctx),
        },
      );
      // The document declares the JSON it streams; Hono types c.json only (and wants JSON-typed
      // values where the collection has open members), so the streamed response is cast.
      return response as never;
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/imports/annotations.jsonld",
      operationId: "importAnnotationsJsonLd",
      access: "editor",
      maxBodyBytes: MAX_IMPORT_BODY_BYTES,
      summary:
        "Import W3C Web Annotation JSON-LD (Gloss, Hypothesis, Recogito) onto this workspace's documents",
      description:
        "A collection, a page, a bare array, one annotation, or Hypothesis's API search result. Targets resolve by Gloss document URL or by a document's sourceUrl. Each passage anchors by position (code points or UTF-16, checked against the quote), else by quote and context (whitespace differences tolerated), else fuzzily, and never on the wrong words; others are skipped with a reason. Tags map to codes by tag IRI, then by label (case and accents ignored), else a code is added. `annotations` reports every item, in file order. Re-importing the same file creates nothing twice.",
      tags: ["Exports"],
      request: {
        params: WorkspaceParams,
        body: {
          content: {
            "application/ld+json": { schema: Export.JsonLdImport },
            "application/json": { schema: Export.JsonLdImport },
          },
          required: true,
        },
      },
      responses: {
        200: json(Export.ImportResult, "What was imported and what was not"),
        ...errors(400, 401, 403, 404, 413, 415),
      },
    }),
    async (c) => {
      const result = await Export.importJsonLd(
        c.var.ctx,
        c.var.workspace.id,
        c.var.caller.userId,
        c.req.valid("json"),
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/codebook.qdc",
      operationId: "exportCodebookQdc",
      access: "viewer",
      summary: "The codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: z.strictObject({ tag: Filters.shape.tag }) },
      responses: { 200: file("application/xml", "The codebook"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const source = await open(c, c.req.valid("query"));
      return streamed(c, Export.codebookQdc(source), {
        contentType: "application/xml; charset=utf-8",
        disposition: disposition(source.workspaceName, "codebook", "qdc", c.var.ctx),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/project.qdpx",
      operationId: "exportProjectQdpx",
      access: "viewer",
      summary: "A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA",
      description:
        "A zip of project.qde (users, codes, sources, selections with code point positions, codings, notes, links) and sources/<guid>.txt with each document's text.",
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: Filters },
      responses: {
        200: file("application/zip", "The project, streamed"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const source = await open(c, c.req.valid("query"));
      return streamed(c, Export.projectQdpx(source, { generatedAt: generatedAt(c) }), {
        contentType: "application/zip",
        disposition: disposition(source.workspaceName, "project", "qdpx", c.var.ctx),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/exports/findings-attributes.csv",
      access: "viewer",
      operationId: "exportFindingsAttributesCsv",
      summary: "Findings as CSV: code × attribute value (e.g. country), a record per cell",
      description: `One header row (${Export.FINDINGS_ATTRIBUTE_COLUMNS.join(", ")}); a record per code, attribute and value held by a document with coded passages, zeros included. "(none)" counts passages in documents without a value. A passage counts under each value of a several-choices attribute.`,
      tags: ["Exports"],
      request: { params: WorkspaceParams, query: filtersWith({ bom: Bom }) },
      responses: {
        200: csvFile(Export.FINDINGS_ATTRIBUTE_COLUMNS, "The code × attribute value matrices"),
        ...errors(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const source = await open(c, query);
      return streamedCsv(
        c,
        source.workspaceName,
        "findings-attributes",
        Export.findingsAttributesCsvExport(source, { bom: query.bom === "1" }),
      );
    },
  );
