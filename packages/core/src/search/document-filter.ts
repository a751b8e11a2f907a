import * as Attribute from "../attribute/index.ts";
import type { Context } from "../context/index.ts";
import type { Document } from "../document/index.ts";

export interface DocumentFilterQuery {
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  [key: string]: unknown;
}

/**
 * The search's document filters from its query: `attr.<id or name>=v1,v2` (the attributes
 * feature's rules: checked against the definitions, 422 on a value no document could hold) and
 * the publication date range (inclusive, by prefix: `publishedTo=2023` takes all of 2023).
 * Applied before any text is read. `key` names the filter for the cursor's fingerprint.
 */
export async function documentFilterOf(
  ctx: Context,
  workspaceId: string,
  query: DocumentFilterQuery,
): Promise<{ documentFilter?: (document: Document) => boolean; documentFilterKey?: string }> {
  const attributes = Attribute.attributeQueryOf(query);
  const { publishedFrom: from, publishedTo: to } = query;
  if (!Object.keys(attributes).length && !from && !to) return {};
  let valuesPass: ((document: Document) => boolean) | null = null;
  if (Object.keys(attributes).length) {
    const definitions = await Attribute.list(ctx, workspaceId);
    const criteria = Attribute.parseFilter(definitions, attributes);
    valuesPass = (d) => Attribute.matches(definitions, criteria, d.attributes ?? {});
  }
  return {
    documentFilter: (d) => {
      if (from || to) {
        const published = d.publishedAt;
        if (!published) return false;
        if (from && published.slice(0, from.length) < from) return false;
        if (to && published.slice(0, to.length) > to) return false;
      }
      return valuesPass ? valuesPass(d) : true;
    },
    documentFilterKey: JSON.stringify([Object.entries(attributes).sort(), from ?? "", to ?? ""]),
  };
}
