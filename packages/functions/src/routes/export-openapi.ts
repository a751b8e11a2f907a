/**
 * How the export routes are described in OpenAPI: their query schemas (the findings filter, CSV
 * options), their file responses, and `findingsCsvRoute`, the one definition of a findings CSV
 * route (findings-codes, findings-matrix, findings-attributes, the former findings.csv).
 * Contract: schemas and route definitions only; handlers live in `exports.ts`.
 */

import { withAttributeFilter } from "@gloss/core/attribute";
import { FindingsBaseQuery, FindingsQuery } from "@gloss/core/findings";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { errors, WorkspaceParams } from "../http/schemas.ts";

/** The filter of findings.json, so every export of a filtered view covers the same passages. */
export const Filters = FindingsQuery;
/** The filter with more parameters of an export's own (`attr.*` still admitted). */
export const filtersWith = <S extends z.ZodRawShape>(shape: S) =>
  withAttributeFilter(FindingsBaseQuery.extend(shape));
export const Bom = z
  .enum(["0", "1"])
  .optional()
  .describe("1: start with a UTF-8 byte order mark, so Excel reads the file as UTF-8");
export const CsvQuery = filtersWith({
  layout: z
    .enum(["long", "wide"])
    .default("long")
    .describe("long: a row per passage and code; wide: a row per passage, codes joined by '; '"),
  bom: Bom,
});

/** A streamed file response for OpenAPI. */
export const file = (mediaType: string, description: string, example?: string) => ({
  content: { [mediaType]: { schema: z.string(), ...(example ? { example } : {}) } },
  description,
});

/**
 * The JSON-LD export's body as OpenAPI describes it: a W3C AnnotationCollection with its first
 * AnnotationPage inline (the conformance step checks the W3C suite's MUSTs on the real thing).
 */
export const AnnotationCollection = z
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
export const csvFile = (columns: readonly string[], description: string) =>
  file("text/csv", description, `${columns.join(",")}\r\n`);

/** A findings CSV route: GET `/workspaces/{ws}/exports/<name>.csv`, the filter and `bom`. */
export function findingsCsvRoute<P extends string>(spec: {
  path: P;
  operationId: string;
  deprecated?: true;
  summary: string;
  description: string;
  columns: readonly string[];
  /** What the 200 response holds. */
  holds: string;
}) {
  return defineRoute({
    method: "get",
    path: spec.path,
    access: "viewer",
    operationId: spec.operationId,
    ...(spec.deprecated ? { deprecated: true } : {}),
    summary: spec.summary,
    description: spec.description,
    tags: ["Exports"],
    request: { params: WorkspaceParams, query: filtersWith({ bom: Bom }) },
    responses: {
      200: csvFile(spec.columns, spec.holds),
      ...errors(400, 401, 404, 422),
    },
  });
}
