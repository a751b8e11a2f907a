import type { Annotation } from "../../api/types.ts";

/** The findings filter; empty lists and strings mean "no restriction". */
export interface FindingsFilter {
  documentIds: string[];
  tags: string[];
  authors: string[];
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** `attr.<attribute id>` = comma-separated values (documents holding any of them). */
  attributes?: Record<string, string> | undefined;
  /** Which coding: every coder's ("all", the default) or the rounds' consensus where resolved. */
  layer?: "all" | "consensus" | undefined;
}

export const NO_FILTER: FindingsFilter = {
  documentIds: [],
  tags: [],
  authors: [],
  from: "",
  to: "",
};

/** The query parameters findings.json takes (comma-separated lists). */
export function toParams(filter: FindingsFilter): Record<string, string | undefined> {
  return {
    documentId: filter.documentIds.join(",") || undefined,
    tag: filter.tags.join(",") || undefined,
    author: filter.authors.join(",") || undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
    ...Object.fromEntries(
      Object.entries(filter.attributes ?? {})
        .filter(([, v]) => v)
        .map(([k, v]) => [`attr.${k}`, v]),
    ),
    layer: filter.layer === "consensus" ? "consensus" : undefined,
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter written in a page address's query (so a filtered view can be bookmarked). */
export function fromSearch(search: string): FindingsFilter {
  const params = new URLSearchParams(search);
  const list = (key: string) => (params.get(key) ?? "").split(",").filter(Boolean);
  const day = (key: string) => {
    const value = params.get(key) ?? "";
    return DAY.test(value) ? value : "";
  };
  return {
    documentIds: list("documentId"),
    tags: list("tag"),
    authors: list("author"),
    from: day("from"),
    to: day("to"),
    attributes: Object.fromEntries(
      [...params].filter(([k]) => k.startsWith("attr.")).map(([k, v]) => [k.slice(5), v]),
    ),
    ...(params.get("layer") === "consensus" ? { layer: "consensus" as const } : {}),
  };
}

export function toSearch(filter: FindingsFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(toParams(filter))) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function isEmpty(filter: FindingsFilter): boolean {
  return toSearch(filter) === "";
}

/**
 * Whether an annotation passes the author and date parts of the filter, as the server's findings
 * apply them (a bare `to` date includes that whole day). The drill-down lists a cell's passages
 * through the annotations API, which filters by code and document only.
 */
export function passesAuthorAndDate(annotation: Annotation, filter: FindingsFilter): boolean {
  if (filter.authors.length && !filter.authors.includes(annotation.createdBy)) return false;
  if (filter.from && annotation.createdAt < filter.from) return false;
  if (filter.to && annotation.createdAt > `${filter.to}T23:59:59.999Z`) return false;
  return true;
}
