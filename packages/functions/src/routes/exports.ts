/**
 * The export and import routes: each export format as a streamed download of the workspace (or
 * its filtered view), and the JSON-LD import. Their OpenAPI pieces are `export-openapi.ts`'s, the
 * HTTP sending `export-http.ts`'s; the formats themselves are core's (`@gloss/core/export`).
 */
import * as Export from "@gloss/core/export";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import {
  disposition,
  generatedAt,
  open,
  sendFindingsCsv,
  streamed,
  streamedCsv,
} from "./export-http.ts";
import {
  AnnotationCollection,
  CsvQuery,
  Filters,
  file,
  findingsCsvRoute,
} from "./export-openapi.ts";

/** An import body is read whole; Lambda's synchronous payload limit is 6 MB. */
const MAX_IMPORT_BODY_BYTES = 6 * 1024 * 1024;

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
    findingsCsvRoute({
      path: "/workspaces/{ws}/exports/findings-codes.csv",
      operationId: "exportFindingsCodesCsv",
      summary: "Findings as CSV: passages and documents per code",
      description: `One header row (${Export.FINDINGS_CODE_COLUMNS.join(", ")}), a record per code in scope.`,
      columns: Export.FINDINGS_CODE_COLUMNS,
      holds: "The codes",
    }),
    (c) =>
      sendFindingsCsv(c, c.req.valid("query"), "findings-codes", Export.findingsCodesCsvExport),
  )
  .openapi(
    findingsCsvRoute({
      path: "/workspaces/{ws}/exports/findings-matrix.csv",
      operationId: "exportFindingsMatrixCsv",
      summary: "Findings as CSV: the code × document matrix, a record per code and document",
      description: `One header row (${Export.FINDINGS_MATRIX_COLUMNS.join(", ")}); zeros included, so pivoting on code × document_id gives the full matrix.`,
      columns: Export.FINDINGS_MATRIX_COLUMNS,
      holds: "The matrix",
    }),
    (c) =>
      sendFindingsCsv(c, c.req.valid("query"), "findings-matrix", Export.findingsMatrixCsvExport),
  )
  .openapi(
    findingsCsvRoute({
      path: "/workspaces/{ws}/exports/findings.csv",
      operationId: "exportFindingsCsv",
      deprecated: true,
      summary: "Former findings CSV: now the per-code table of findings-codes.csv",
      description:
        "It used to hold two tables in one file, which no CSV reader can load. It now answers exactly what findings-codes.csv does, with `Link` headers to findings-codes.csv and findings-matrix.csv; use those.",
      columns: Export.FINDINGS_CODE_COLUMNS,
      holds: "The codes, as findings-codes.csv",
    }),
    (c) => {
      const search = new URL(c.req.url).search;
      c.header(
        "Link",
        `<findings-codes.csv${search}>; rel="alternate"; type="text/csv", <findings-matrix.csv${search}>; rel="related"; type="text/csv"`,
      );
      return sendFindingsCsv(
        c,
        c.req.valid("query"),
        "findings-codes",
        Export.findingsCodesCsvExport,
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
    findingsCsvRoute({
      path: "/workspaces/{ws}/exports/findings-attributes.csv",
      operationId: "exportFindingsAttributesCsv",
      summary: "Findings as CSV: code × attribute value (e.g. country), a record per cell",
      description: `One header row (${Export.FINDINGS_ATTRIBUTE_COLUMNS.join(", ")}); a record per code, attribute and value held by a document with coded passages, zeros included. "(none)" counts passages in documents without a value. A passage counts under each value of a several-choices attribute.`,
      columns: Export.FINDINGS_ATTRIBUTE_COLUMNS,
      holds: "The code × attribute value matrices",
    }),
    (c) =>
      sendFindingsCsv(
        c,
        c.req.valid("query"),
        "findings-attributes",
        Export.findingsAttributesCsvExport,
      ),
  );
