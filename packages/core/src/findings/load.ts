import { z } from "zod";
import * as Annotation from "../annotation/index.ts";
import { attributeQueryOf, withAttributeFilter } from "../attribute/filter.ts";
import { AttributeTally } from "../attribute/matrix.ts";
import { AttributeValues } from "../attribute/schema.ts";
import { loadScope } from "../attribute/scope.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import * as Link from "../link/index.ts";
import * as Workspace from "../workspace/index.ts";
import {
  applyFilter,
  computeFindings,
  type FindingsAnnotation,
  type FindingsFilter,
} from "./compute.ts";
import { IdList } from "./id-list.ts";
import { Layer, type PassageLayer } from "./layer.ts";
import { rollUp } from "./rollup.ts";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, "YYYY-MM-DD or an ISO date-time in UTC")
  .optional();

/** Query parameters of the findings: comma-separated lists, and a creation-date range. */
export const FindingsBaseQuery = z.strictObject({
  documentId: IdList.describe("Only these documents (comma-separated ids)"),
  tag: IdList.describe("Only these codes (comma-separated ids)"),
  author: IdList.describe("Only annotations by these users (comma-separated ids)"),
  from: day.describe("Annotations created on or after"),
  to: day.describe("Annotations created on or before"),
  layer: Layer.optional().describe(
    "Which coding: all (default), or consensus: rounds' consensus passages in place of the coders' passages they resolve",
  ),
});

/** A code's place in the tree and its counts rolled up from the codes below it. */
const TreeFields = {
  parentId: z.string().nullable(),
  path: z.array(z.string()).describe("Labels from the top of the codebook down to the code"),
  passagesWithDescendants: z
    .number()
    .int()
    .describe("Passages coded with the code or any code below it, each passage once"),
  documentsWithDescendants: z.number().int(),
};

/** The findings query with `attr.<attribute>=<values>` filters (documents by attribute value). */
export const FindingsQuery = withAttributeFilter(FindingsBaseQuery);

/** The filter a findings or export query asks for, `attr.*` parameters included. */
export function filterOfQuery(
  query: Partial<z.output<typeof FindingsBaseQuery>> & Record<string, unknown>,
): FindingsFilter {
  return {
    documentIds: query.documentId,
    tags: query.tag,
    authors: query.author,
    from: query.from,
    to: query.to,
    attributes: attributeQueryOf(query),
    layer: query.layer,
  };
}

const Pair = z.object({ a: z.string(), b: z.string(), count: z.number().int() });

export const Findings = z
  .object({
    generatedAt: z.string(),
    filter: z.object({
      documentIds: z.array(z.string()).nullable(),
      tags: z.array(z.string()).nullable(),
      authors: z.array(z.string()).nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      attributes: z
        .record(z.string(), z.array(z.string()))
        .describe("The attribute filter: values admitted, by attribute id"),
      layer: Layer,
    }),
    annotationCount: z.number().int(),
    codes: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        color: z.string(),
        passages: z.number().int(),
        documents: z.number().int(),
        ...TreeFields,
      }),
    ),
    documents: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        sourceUrl: z.string().nullable(),
        publishedAt: z.string().nullable(),
        author: z.string().nullable(),
        attributes: AttributeValues,
      }),
    ),
    matrix: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .describe("matrix[code][documentId] = passages"),
    matrixWithDescendants: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .describe(
        "matrix[code][documentId] = passages coded with the code or any code below it, each once",
      ),
    attributeMatrices: z
      .array(
        z.object({
          attributeId: z.string(),
          name: z.string(),
          values: z.array(z.string()).describe('Values in order; "(none)": documents without one'),
          matrix: z
            .record(z.string(), z.record(z.string(), z.number().int()))
            .describe("matrix[code][value] = passages in documents with that value"),
        }),
      )
      .describe(
        "Code × attribute value, one per attribute. A passage counts under each value of its document (several-choices attributes can count it more than once)",
      ),
    cooccurrence: z.object({
      sameAnnotation: z.array(Pair).describe("Codes applied together to one passage"),
      overlapping: z.array(Pair).describe("Codes on overlapping passages of one document"),
    }),
    authors: z.array(z.object({ id: z.string(), name: z.string() })),
    crossReferences: z.array(Link.Link),
  })
  .meta({ id: "Findings" });
export type FindingsResult = z.infer<typeof Findings>;

/**
 * Findings of a workspace: reads its annotations page by page, keeping a small record (ids,
 * offsets, codes) of each that passes the filter, then its codebook, members and links.
 */
export async function loadFindings(
  ctx: Context,
  workspaceId: string,
  filter: FindingsFilter,
  /** Passages the caller may see (a blind round's rule); every passage when absent. */
  visible: (a: { documentId: string; createdBy: string }) => boolean = () => true,
  /** The coding layer (`Round.consensusLayer`) when `filter.layer` asks for one. */
  layer?: PassageLayer,
): Promise<FindingsResult> {
  const scope = await loadScope(ctx, workspaceId, filter.attributes);
  filter = { ...filter, documentSet: scope.documentSet };
  const kept: FindingsAnnotation[] = [];
  const keep = (a: FindingsAnnotation) => {
    const passed = applyFilter(a, filter);
    if (passed)
      kept.push({
        id: passed.id,
        documentId: passed.documentId,
        start: passed.start,
        end: passed.end,
        tags: passed.tags,
        createdBy: passed.createdBy,
        createdAt: passed.createdAt,
      });
  };
  // With an attribute filter, read only the admitted documents' annotations (their own index).
  const only = scope.documentSet ? [...scope.documentSet].sort() : [undefined];
  for (const documentId of only) {
    let cursor: string | undefined;
    do {
      const page = await Annotation.listByWorkspace(ctx, workspaceId, {
        cursor,
        limit: 500,
        documentId,
      });
      for (const a of page.items) {
        if (!visible(a) || (layer && !layer.keeps(a.id))) continue;
        keep(a);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for (const a of layer?.passagesOf(documentId) ?? []) if (visible(a)) keep(a);
  }
  const figures = computeFindings(kept);
  const byAttribute = new AttributeTally(scope.definitions, (id) => scope.values.get(id));
  byAttribute.add(kept);
  const [codebook, members, links] = await Promise.all([
    Codebook.list(ctx, workspaceId),
    Workspace.listMembers(ctx, workspaceId),
    Link.listAll(ctx, workspaceId),
  ]);
  const tags = new Map(codebook.map((t) => [t.id, t]));
  const rolled = rollUp(kept, Codebook.ancestorsOfCodes(codebook));
  const documents = (
    await Promise.all(
      figures.documentIds.map((id) => Document.get(ctx, workspaceId, id).catch(() => null)),
    )
  ).flatMap((d) =>
    d
      ? [
          {
            id: d.id,
            title: d.title,
            sourceUrl: d.sourceUrl,
            publishedAt: d.publishedAt,
            author: d.author,
            attributes: d.attributes,
          },
        ]
      : [],
  );
  const keptIds = new Set(kept.map((a) => a.id));
  // A cross-reference belongs to the findings when both its passages do.
  const crossReferences = await Link.withEnds(
    ctx,
    workspaceId,
    links.filter((l) => keptIds.has(l.fromId) && keptIds.has(l.toId)),
  );
  const authorIds = new Set(kept.map((a) => a.createdBy));
  return {
    generatedAt: ctx.now().toISOString(),
    filter: {
      documentIds: filter.documentIds ?? null,
      tags: filter.tags ?? null,
      authors: filter.authors ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      attributes: Object.fromEntries(scope.criteria.map((c) => [c.attributeId, c.values])),
      layer: layer?.layer ?? "all",
    },
    annotationCount: figures.annotationCount,
    codes: figures.codes.map((c) => ({
      ...c,
      label: tags.get(c.code)?.label ?? c.code,
      color: tags.get(c.code)?.color ?? "#868e96",
      parentId: tags.get(c.code)?.parentId ?? null,
      path: tags.get(c.code)?.path ?? [c.code],
      passagesWithDescendants: rolled.passages.get(c.code) ?? 0,
      documentsWithDescendants: Object.keys(rolled.matrix[c.code] ?? {}).length,
    })),
    documents,
    matrix: figures.matrix,
    matrixWithDescendants: rolled.matrix,
    attributeMatrices: byAttribute.matrices(),
    cooccurrence: { sameAnnotation: figures.sameAnnotation, overlapping: figures.overlapping },
    authors: members
      .filter((m) => authorIds.has(m.userId))
      .map((m) => ({ id: m.userId, name: m.name })),
    crossReferences,
  };
}
