import type { CodeJob, CodeOutcome, SearchHit, SearchPage } from "@gloss/core/search";
import { apiUrl, query, request } from "../../api/client.ts";

export type { CodeJob, CodeOutcome, SearchHit, SearchPage };

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}`;

/** What the Search page searches for: the query, its switches and its filters. */
export interface SearchSpec {
  q: string;
  case: boolean;
  word: boolean;
  regex: boolean;
  /** Only these documents (empty: all). */
  documentIds: string[];
  /** Only hits inside passages with one of these codes (empty: anywhere). */
  tags: string[];
  /** "inside"/"outside" coded passages (of `tags`, when given); "" for anywhere. */
  coded: "" | "inside" | "outside";
  /** Document attribute filters, `attr.<id>=v1,v2` (empty: all documents). */
  attrs?: Record<string, string>;
  /** Publication date bounds, YYYY[-MM[-DD]], inclusive ("" or absent: open). */
  publishedFrom?: string;
  publishedTo?: string;
}

function params(spec: SearchSpec): Record<string, string | undefined> {
  return {
    q: spec.q,
    case: spec.case ? "true" : undefined,
    word: spec.word ? "true" : undefined,
    regex: spec.regex ? "true" : undefined,
    documentId: spec.documentIds.join(",") || undefined,
    tag: spec.tags.join(",") || undefined,
    coded: spec.coded || undefined,
    publishedFrom: spec.publishedFrom || undefined,
    publishedTo: spec.publishedTo || undefined,
    ...Object.fromEntries(
      Object.entries(spec.attrs ?? {}).map(([id, v]) => [`attr.${id}`, v || undefined]),
    ),
  };
}

/** One page of hits. */
export function searchHits(
  ws: string,
  spec: SearchSpec,
  page: { limit: number; cursor?: string | undefined },
): Promise<SearchPage> {
  return request<SearchPage>(
    "GET",
    `${base(ws)}/search${query({ ...params(spec), limit: page.limit, cursor: page.cursor })}`,
  );
}

/** The download address of every hit as CSV. */
export function hitsCsvUrl(ws: string, spec: SearchSpec): string {
  return apiUrl(`${base(ws)}/search.csv`, params(spec));
}

/** What a coding did, whether it ran in the request or in the background. */
export interface CodedSummary {
  created: number;
  skipped: number;
  failed: number;
}

/**
 * Codes the selected hits (or all of them) with some codes. A large coding answers with a
 * background job: its progress is polled every second (`onProgress`), and a job whose worker fell
 * silent (`stalled`) is posted again once a poll says so, which resumes it, each hit coded once.
 */
export async function codeHits(
  ws: string,
  spec: SearchSpec,
  tags: string[],
  hits: Array<{ documentId: string; start: number; end: number }> | "all",
  expand: "none" | "sentence" | "paragraph",
  onProgress: (job: CodeJob) => void = () => {},
): Promise<CodedSummary> {
  const post = () =>
    request<CodeOutcome | CodeJob>("POST", `${base(ws)}/search/code`, {
      q: spec.q,
      options: { case: spec.case, word: spec.word, regex: spec.regex },
      ...(spec.documentIds.length ? { documentIds: spec.documentIds } : {}),
      tags,
      hits,
      expand,
    });
  const answer = await post();
  if (!("jobId" in answer)) {
    return { created: answer.created, skipped: answer.skipped, failed: answer.failed.length };
  }
  let job = answer;
  while (job.status === "running") {
    onProgress(job);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    job = await request<CodeJob>("GET", `${base(ws)}/search/code/${encodeURIComponent(job.jobId)}`);
    if (job.stalled) job = (await post()) as CodeJob;
  }
  if (job.status === "failed") {
    throw new Error(job.failure ?? "The coding stopped; code all hits again to resume it.");
  }
  return { created: job.created, skipped: job.skipped, failed: job.failedTotal };
}

/** The search a `/search?…` address describes. */
export function specFromLocation(search: string): SearchSpec {
  const p = new URLSearchParams(search);
  const list = (name: string) => (p.get(name) ?? "").split(",").filter(Boolean);
  return {
    q: p.get("q") ?? "",
    case: p.get("case") === "true",
    word: p.get("word") === "true",
    regex: p.get("regex") === "true",
    documentIds: list("documentId"),
    tags: list("tag"),
    coded:
      p.get("coded") === "inside" || p.get("coded") === "outside"
        ? (p.get("coded") as "inside" | "outside")
        : "",
    attrs: Object.fromEntries(
      [...p.entries()].filter(([k]) => k.startsWith("attr.")).map(([k, v]) => [k.slice(5), v]),
    ),
    publishedFrom: p.get("publishedFrom") ?? "",
    publishedTo: p.get("publishedTo") ?? "",
  };
}

/** The `/search?…` address of a search, so a search can be bookmarked and shared. */
export function searchPath(spec: SearchSpec): string {
  return `/search${query(params(spec))}`;
}

export type { AnnotationHit, AnnotationSearchPage } from "@gloss/core/search";

import type { AnnotationSearchPage as AnnotationPage, SavedQuery } from "@gloss/core/search";

export type { SavedQuery };

/** Notes and quotes holding every word, by author and date. */
export function searchAnnotations(
  ws: string,
  params: { q: string; in: "notes" | "quotes" | "both"; from?: string; to?: string },
  cursor?: string,
): Promise<AnnotationPage> {
  return request<AnnotationPage>(
    "GET",
    `${base(ws)}/search/annotations${query({ ...params, limit: 50, cursor })}`,
  );
}

/** The workspace's saved searches. */
export async function listQueries(ws: string): Promise<SavedQuery[]> {
  return (await request<{ items: SavedQuery[] }>("GET", `${base(ws)}/queries`)).items;
}

/** Saves the current search under a name. */
export function saveQuery(ws: string, name: string, spec: SearchSpec): Promise<SavedQuery> {
  return request<SavedQuery>("POST", `${base(ws)}/queries`, {
    name,
    q: spec.q,
    options: { case: spec.case, word: spec.word, regex: spec.regex },
    documentIds: spec.documentIds,
    tags: spec.tags,
    coded: spec.coded || null,
  });
}

/** Renames a saved search from the version shown. */
export function renameQuery(ws: string, saved: SavedQuery, name: string): Promise<SavedQuery> {
  return request<SavedQuery>("PATCH", `${base(ws)}/queries/${encodeURIComponent(saved.id)}`, {
    name,
    version: saved.version,
  });
}

export function deleteQuery(ws: string, id: string): Promise<void> {
  return request<void>("DELETE", `${base(ws)}/queries/${encodeURIComponent(id)}`);
}

/** The search a saved query describes, as the Search page takes it. */
export function specOf(saved: SavedQuery): SearchSpec {
  return {
    q: saved.q,
    case: saved.options.case,
    word: saved.options.word,
    regex: saved.options.regex,
    documentIds: saved.documentIds,
    tags: saved.tags,
    coded: saved.coded ?? "",
  };
}
