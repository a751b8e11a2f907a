import type { Attribute as AttributeDefinition, AttributeValue } from "@gloss/core/attribute";
import { request } from "../../api/client.ts";
import type { Document } from "../../api/types.ts";

/** A document attribute as the API gives it: core's `Attribute`. */
export type { Attribute as AttributeDefinition, AttributeValue } from "@gloss/core/attribute";

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/attributes`;

export async function listAttributes(ws: string): Promise<AttributeDefinition[]> {
  return (await request<{ items: AttributeDefinition[] }>("GET", base(ws))).items;
}

/** Adds country, source type and publication year (those the workspace lacks). */
export async function addStarterAttributes(ws: string): Promise<AttributeDefinition[]> {
  return (await request<{ items: AttributeDefinition[] }>("POST", `${base(ws)}/starter`)).items;
}

/** Sets (or with null, clears) attribute values of a document; 409 when `version` is stale. */
export function setValues(
  ws: string,
  document: Document,
  values: Record<string, AttributeValue | null>,
): Promise<Document> {
  return request(
    "PATCH",
    `/workspaces/${encodeURIComponent(ws)}/documents/${encodeURIComponent(document.id)}`,
    { attributes: values, version: document.version },
  );
}
