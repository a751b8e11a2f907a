import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { extractIsolated } from "../ingest/index.ts";
import type { Capture } from "../provenance/index.ts";
import { DEFAULT_POLICY, type FetchPolicy, fetchPage, parseCaptureUrl } from "./fetch.ts";

/** The file name a captured page is kept under: its host, as HTML. */
function fileNameOf(url: URL): string {
  return `${url.hostname.replace(/[^A-Za-z0-9.-]+/g, "-").slice(0, 200) || "page"}.html`;
}

/** A source URL the document schema accepts (http(s), at most 2000 characters), else none. */
const sourceUrlOf = (url: string) => (url.length <= 2000 ? url : undefined);

/**
 * "Add from URL": fetches the page server-side (`fetchPage`, SSRF-checked), keeps the raw HTML
 * as the document's original and reads its article through the HTML ingest pipeline. The capture
 * (final URL, time, status, headers, address) is recorded with the version's hashes.
 */
export async function captureUrl(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: { url: string; title?: string | undefined },
  policy: FetchPolicy,
): Promise<Document.Document> {
  const fetched = await fetchPage(input.url, policy);
  const finalUrl = new URL(fetched.finalUrl);
  const fileName = fileNameOf(finalUrl);
  const extracted = await extractIsolated(fetched.body, fileName);
  const capture: Capture = {
    requestedUrl: fetched.requestedUrl,
    finalUrl: fetched.finalUrl,
    redirects: fetched.redirects,
    fetchedAt: fetched.fetchedAt.toISOString(),
    status: fetched.status,
    address: fetched.address,
    date: fetched.headers.date,
    lastModified: fetched.headers.lastModified,
    etag: fetched.headers.etag,
    contentType: fetched.contentType,
    via: "server",
  };
  return Document.create(ctx, workspaceId, userId, {
    title: input.title ?? extracted.title ?? finalUrl.hostname,
    text: extracted.text,
    pages: extracted.pages,
    author: extracted.author,
    sourceUrl: sourceUrlOf(fetched.finalUrl),
    publishedAt: extracted.publishedAt ?? undefined,
    original: { bytes: fetched.body, fileName, contentType: extracted.contentType },
    origin: { source: "url", capture },
  });
}

/**
 * "Send to Gloss": a page as the researcher's browser rendered it (behind a login or a paywall),
 * its HTML and URL handed over by the bookmarklet. Nothing is fetched; the HTML sent is the
 * original, and the capture says it came from a browser.
 */
export async function captureSent(
  ctx: Context,
  workspaceId: string,
  userId: string,
  input: { url: string; html: string; title?: string | undefined },
): Promise<Document.Document> {
  const url = parseCaptureUrl(input.url);
  const bytes = new TextEncoder().encode(input.html);
  if (bytes.byteLength > DEFAULT_POLICY.maxBytes) {
    throw new GlossError("too_large", "capture.too_large", "the page is larger than 20 MB");
  }
  const fileName = fileNameOf(url);
  const extracted = await extractIsolated(bytes, fileName);
  const capture: Capture = {
    requestedUrl: url.href,
    finalUrl: url.href,
    redirects: [],
    fetchedAt: ctx.now().toISOString(),
    status: null,
    address: null,
    date: null,
    lastModified: null,
    etag: null,
    contentType: "text/html; charset=utf-8",
    via: "browser",
  };
  return Document.create(ctx, workspaceId, userId, {
    title: input.title?.trim().slice(0, 300) || extracted.title || url.hostname,
    text: extracted.text,
    pages: extracted.pages,
    author: extracted.author,
    sourceUrl: sourceUrlOf(url.href),
    publishedAt: extracted.publishedAt ?? undefined,
    original: { bytes, fileName, contentType: "text/html; charset=utf-8" },
    origin: { source: "url", capture },
  });
}
