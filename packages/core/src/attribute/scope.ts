import type { Context } from "../context/index.ts";
import { valuesOfWorkspace } from "../document/attribute-values.ts";
import { list } from "./attribute.ts";
import { type AttributeCriterion, matches, parseFilter } from "./filter.ts";
import type { Attribute, AttributeValues } from "./schema.ts";

/** The attributes of a workspace with every document's values: what findings break down by. */
export interface AttributeScope {
  definitions: Attribute[];
  /** Values by document id (documents without values are absent). */
  values: Map<string, AttributeValues>;
  criteria: AttributeCriterion[];
  /** Documents the `attr.*` filter admits; undefined when there is no attribute filter. */
  documentSet: Set<string> | undefined;
}

/**
 * Reads the definitions and the documents' values once (one Query over the workspace's
 * documents, never their annotations) and resolves an `attr.*` filter to the documents it admits.
 */
export async function loadScope(
  ctx: Context,
  workspaceId: string,
  query: Record<string, string> | undefined,
): Promise<AttributeScope> {
  const [definitions, values] = await Promise.all([
    list(ctx, workspaceId),
    valuesOfWorkspace(ctx, workspaceId),
  ]);
  const criteria = query && Object.keys(query).length ? parseFilter(definitions, query) : [];
  let documentSet: Set<string> | undefined;
  if (criteria.length) {
    documentSet = new Set();
    for (const [id, held] of values) if (matches(definitions, criteria, held)) documentSet.add(id);
  }
  return { definitions, values, criteria, documentSet };
}

/** What a filter note says about the attribute criteria ("Country: Cambodia, Myanmar"). */
export function describeCriteria(scope: AttributeScope): string[] {
  return scope.criteria.map((c) => {
    const name = scope.definitions.find((d) => d.id === c.attributeId)?.name ?? c.attributeId;
    return `${name}: ${c.values.join(", ")}`;
  });
}
